/**
 * Why the optional ONNX runtime did not load, told apart on real import
 * failures: modules written by the test into a directory without
 * node_modules, failing as an install without the package, a broken install
 * and a native binding built for another machine would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appError } from '../../../test-support/app-error.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { importRuntime } from './onnx-runtime.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'ct-onnx-runtime-'));
onCleanup(() => rmSync(root, { recursive: true, force: true }));

function moduleOf(name: string, source: string): string {
  const file = path.join(root, name);
  writeFileSync(file, source);
  return pathToFileURL(file).href;
}


test('@huggingface/transformers not installed: EMBEDDINGS_RUNTIME_MISSING', async () => {
  await assert.rejects(
    importRuntime(moduleOf('without-package.mjs', "import '@huggingface/transformers';\n")),
    appError('EMBEDDINGS_RUNTIME_MISSING', /^EMBEDDINGS=onnx needs the optional package @huggingface\/transformers, which is not installed \(Cannot find package '@huggingface\/transformers' imported from /),
  );
});

test('a package the runtime needs is missing (a broken install): EMBEDDINGS_RUNTIME_FAILED naming it', async () => {
  await assert.rejects(
    importRuntime(moduleOf('without-dependency.mjs', "import 'onnxruntime-node';\n")),
    appError('EMBEDDINGS_RUNTIME_FAILED', /^The ONNX runtime \(@huggingface\/transformers with onnxruntime-node\) is installed but could not be loaded: Cannot find package 'onnxruntime-node'/),
  );
});

test('a native binding that does not load on this machine: EMBEDDINGS_RUNTIME_FAILED with the loader\'s words', async () => {
  writeFileSync(path.join(root, 'onnxruntime_binding.node'), 'not a shared object');
  const binding = moduleOf('native.mjs', "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./onnxruntime_binding.node');\n");
  await assert.rejects(importRuntime(binding), appError('EMBEDDINGS_RUNTIME_FAILED', /could not be loaded: .*onnxruntime_binding\.node: (file too short|invalid ELF header)/));
});
