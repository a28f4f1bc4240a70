/**
 * The ONNX embedding provider on a real ONNX model, run by transformers.js
 * and onnxruntime-node offline: a tiny lookup-table encoder written by the
 * test (test-support/tiny-onnx-model.ts), whose sentence embeddings are
 * known exactly, so mean pooling under the attention mask, normalisation,
 * batching and the order of the answers are all checked. No pretrained
 * model is used (none can be had on this machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../platform/errors/app-error.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { writeTinyOnnxModel, type TinyModel } from '../../../test-support/tiny-onnx-model.ts';
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
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

test('each text becomes the mean of its token states under the attention mask, unit length, in input order, across batches', async () => {
  const texts = ['Refund my money back', 'card stolen', 'lost', 'refund', 'card lost stolen money back'];
  const vectors = await onnxEmbeddings({ modelPath: model.directory, model: 'tiny-minilm', batchSize: 2 }).embed(texts);
  assert.equal(vectors.length, texts.length);
  // Batches pad to their longest text: padding that leaked into the mean would change the shorter texts' vectors.
  texts.forEach((text, i) => close(vectors[i]!, expected(model, text), text));
});

test('texts that mean the same are closer than texts that do not', async () => {
  const [refund, moneyBack, stolenCard] = await onnxEmbeddings({ modelPath: model.directory, model: 'tiny-minilm', batchSize: 64 }).embed(['refund please', 'money back', 'stolen card']);
  assert.ok(cosine(refund!, moneyBack!) > 0.9, `refund ~ money back: ${cosine(refund!, moneyBack!)}`);
  assert.ok(cosine(refund!, stolenCard!) < 0.5, `refund !~ stolen card: ${cosine(refund!, stolenCard!)}`);
});

test('a quantized export (onnx/model_quantized.onnx only) is loaded too', async () => {
  const quantized = writeTinyOnnxModel(path.join(root, 'tiny-q8'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05], weightFile: 'model_quantized.onnx' });
  const [vector] = await onnxEmbeddings({ modelPath: quantized.directory, model: 'tiny-q8', batchSize: 8 }).embed(['card lost']);
  close(vector!, expected(quantized, 'card lost'), 'card lost');
});

test('the provider records the configured model name and loads nothing for no texts', async () => {
  const provider = onnxEmbeddings({ modelPath: path.join(root, 'nowhere'), model: 'minilm-l6', batchSize: 8 });
  assert.equal(provider.model, 'minilm-l6');
  assert.deepEqual(await provider.embed([]), []);
});

test('a directory without the model\'s files fails with EMBEDDINGS_MODEL_UNLOADABLE, found locally or not at all: nothing is fetched', async () => {
  const empty = path.join(root, 'empty-model');
  mkdirSync(empty);
  const provider = onnxEmbeddings({ modelPath: empty, model: 'empty', batchSize: 8 });
  const unloadable = (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'EMBEDDINGS_MODEL_UNLOADABLE');
    assert.match(error.message, new RegExp(`^The ONNX model in ${empty} could not be loaded: `));
    assert.match(error.message, new RegExp(`env.allowRemoteModels=false\` and file was not found locally at "${empty}/config.json"`));
    return true;
  };
  await assert.rejects(provider.embed(['refund']), unloadable);
  await assert.rejects(provider.embed(['refund']), unloadable, 'the failed load is the answer of every later call');
});

test('a model file that is not ONNX fails with EMBEDDINGS_MODEL_UNLOADABLE naming the directory', async () => {
  const broken = writeTinyOnnxModel(path.join(root, 'broken'), WORDS, { specialVector: [0.05, 0.05, 0.05, 0.05] });
  writeFileSync(path.join(broken.directory, 'onnx', 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 90000000\n');
  await assert.rejects(onnxEmbeddings({ modelPath: broken.directory, model: 'broken', batchSize: 8 }).embed(['refund']), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'EMBEDDINGS_MODEL_UNLOADABLE');
    assert.match(error.message, new RegExp(`^The ONNX model in ${broken.directory} could not be loaded: .+`));
    return true;
  });
});
