/**
 * The ONNX embedding provider on a real ONNX model, run by transformers.js
 * and onnxruntime-node offline: a tiny lookup-table encoder written by the
 * test (test-support/tiny-onnx-model.ts), whose sentence embeddings are
 * known exactly, so mean pooling under the attention mask, normalisation,
 * batching and the order of the answers are all checked. No pretrained
 * model is used (none can be had on this machine). The tests that run a
 * model are skipped, saying why, where the optional runtime is not
 * installed; there, the provider's own error is checked instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appError } from '../../../test-support/app-error.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { ONNX_RUNTIME_ABSENT, writeTinyOnnxModel, type TinyModel } from '../../../test-support/tiny-onnx-model.ts';
import { onnxEmbeddings } from './onnx-embeddings.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'ct-onnx-'));
onCleanup(() => rmSync(root, { recursive: true, force: true }));

const WORDS = {
  refund: [1, 0, 0, 0],
  money: [0.9, 0.1, 0, 0],
  back: [0.8, 0, 0.2, 0],
  card: [0, 1, 0, 0],
  stolen: [0, 0.9, 0, 0.3],
  lost: [0, 0.8, 0.1, 0.2],
};
const model = writeTinyOnnxModel(path.join(root, 'tiny-minilm'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05] });

/** What sentence-transformers computes: the mean of [CLS], the tokens and [SEP], L2-normalised. */
function expected(tiny: TinyModel, text: string): number[] {
  const tokens = ['[CLS]', ...text.toLowerCase().split(/\s+/), '[SEP]'];
  const sum = new Array<number>(tiny.dimensions).fill(0);
  for (const token of tokens) tiny.vectorOf(token).forEach((value, i) => (sum[i]! += value / tokens.length));
  const norm = Math.hypot(...sum);
  return sum.map((value) => value / norm);
}

const close = (actual: Float32Array, wanted: number[], what: string) => {
  assert.equal(actual.length, wanted.length, what);
  actual.forEach((value, i) => assert.ok(Math.abs(value - wanted[i]!) < 1e-5, `${what}: component ${i} is ${value}, expected ${wanted[i]}`));
};
const withRuntime = { skip: ONNX_RUNTIME_ABSENT };

test('each text becomes the mean of its token states under the attention mask, unit length, in input order, across batches', withRuntime, async () => {
  const texts = ['Refund my money back', 'card stolen', 'lost', 'refund', 'card lost stolen money back'];
  const provider = onnxEmbeddings({ modelPath: model.directory, model: 'tiny-minilm', batchSize: 2 });
  const vectors = await provider.embed(texts);
  assert.equal(vectors.length, texts.length);
  assert.equal(provider.dimensions, 4, 'the dimension, known once vectors came');
  // Batches pad to their longest text: padding that leaked into the mean would change the shorter texts' vectors.
  texts.forEach((text, i) => close(vectors[i]!, expected(model, text), text));
});

test('a quantized export (onnx/model_quantized.onnx only) is loaded too', withRuntime, async () => {
  const quantized = writeTinyOnnxModel(path.join(root, 'tiny-q8'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05], weightFile: 'model_quantized.onnx' });
  const [vector] = await onnxEmbeddings({ modelPath: quantized.directory, model: 'tiny-q8', batchSize: 8 }).embed(['card lost']);
  close(vector!, expected(quantized, 'card lost'), 'card lost');
});

test('the provider records the configured model name, and loads nothing for no texts, an empty text or an aborted call', async () => {
  const provider = onnxEmbeddings({ modelPath: path.join(root, 'nowhere'), model: 'minilm-l6', batchSize: 8 });
  assert.deepEqual([provider.model, provider.dimensions], ['minilm-l6', undefined]);
  assert.deepEqual(await provider.embed([]), []);
  await assert.rejects(provider.embed(['refund', '']), appError('EMBEDDINGS_EMPTY_TEXT', /^Text 1 of the 2 to embed is empty/));
  await assert.rejects(provider.embed(['refund'], AbortSignal.abort()), { name: 'AbortError' });
});

test('without the optional runtime the provider fails with EMBEDDINGS_RUNTIME_MISSING', { skip: ONNX_RUNTIME_ABSENT ? false : '@huggingface/transformers is installed here' }, async () => {
  await assert.rejects(onnxEmbeddings({ modelPath: model.directory, model: 'tiny-minilm', batchSize: 8 }).embed(['refund']), appError('EMBEDDINGS_RUNTIME_MISSING', /not installed \(Cannot find package '@huggingface\/transformers'/));
});

test('a model whose output is zero (so no unit vector) fails with EMBEDDINGS_MODEL_FAILED naming the text', withRuntime, async () => {
  const zeros = writeTinyOnnxModel(path.join(root, 'zeros'), { refund: [0, 0, 0], card: [1, 0, 0] }, { specialVector: [0, 0, 0] });
  const provider = onnxEmbeddings({ modelPath: zeros.directory, model: 'zeros', batchSize: 8 });
  await assert.rejects(provider.embed(['card', 'refund']), appError('EMBEDDINGS_MODEL_FAILED', new RegExp(`^The ONNX model in ${zeros.directory} gave no usable embedding: the embedding of text 1 is not a unit vector \\(norm (0|NaN)\\)$`)));
  assert.equal(provider.dimensions, undefined, 'no vectors came');
});

test('a run of the model that fails fails with EMBEDDINGS_MODEL_FAILED and the runtime\'s words', withRuntime, async () => {
  const broken = writeTinyOnnxModel(path.join(root, 'short-table'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05] });
  // A token the tokenizer knows but the model's table has no row for: the Gather of the run fails.
  const tokenizerFile = path.join(broken.directory, 'tokenizer.json');
  const tokenizer = JSON.parse(readFileSync(tokenizerFile, 'utf8'));
  tokenizer.model.vocab.boom = 1000;
  writeFileSync(tokenizerFile, JSON.stringify(tokenizer));
  const provider = onnxEmbeddings({ modelPath: broken.directory, model: 'short-table', batchSize: 8 });
  await assert.rejects(provider.embed(['boom']), appError('EMBEDDINGS_MODEL_FAILED', /gave no usable embedding: the run failed: .+/));
  close((await provider.embed(['refund']))[0]!, expected(broken, 'refund'), 'a text the table holds still runs');
});

test('a directory without the model\'s files fails with EMBEDDINGS_MODEL_UNLOADABLE, found locally or not at all: nothing is fetched', withRuntime, async () => {
  const empty = path.join(root, 'empty-model');
  mkdirSync(empty);
  const provider = onnxEmbeddings({ modelPath: empty, model: 'empty', batchSize: 8 });
  const unloadable = appError('EMBEDDINGS_MODEL_UNLOADABLE', new RegExp(`^The ONNX model in ${empty} could not be loaded: .*env.allowRemoteModels=false\` and file was not found locally at "${empty}/config.json"`));
  await assert.rejects(provider.embed(['refund']), unloadable);
  await assert.rejects(provider.embed(['refund']), unloadable, 'the failed load is the answer of every later call');
});

test('a model file that is not ONNX fails with EMBEDDINGS_MODEL_UNLOADABLE naming the directory', withRuntime, async () => {
  const broken = writeTinyOnnxModel(path.join(root, 'broken'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05] });
  writeFileSync(path.join(broken.directory, 'onnx', 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 90000000\n');
  await assert.rejects(
    onnxEmbeddings({ modelPath: broken.directory, model: 'broken', batchSize: 8 }).embed(['refund']),
    appError('EMBEDDINGS_MODEL_UNLOADABLE', new RegExp(`^The ONNX model in ${broken.directory} could not be loaded: .+`)),
  );
});
