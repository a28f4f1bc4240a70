/**
 * From environment variables to a working provider: each `EMBEDDINGS` kind
 * embeds through what its variables name (a fake server on loopback, a tiny
 * ONNX model written by the test), and `none` gives no provider.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../platform/config/config.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { logSink } from '../../../test-support/log-sink.ts';
import { ONNX_RUNTIME_ABSENT, writeTinyOnnxModel } from '../../../test-support/tiny-onnx-model.ts';
import { startReceiver } from '../../../test-support/webhook-receiver.ts';
import { embeddingProviderFromConfig } from './embedding-provider-from-config.ts';

const { logger } = logSink();

test('EMBEDDINGS unset or none: no provider', () => {
  assert.equal(embeddingProviderFromConfig(loadConfig({}), logger), undefined);
  assert.equal(embeddingProviderFromConfig(loadConfig({ EMBEDDINGS: 'none' }), logger), undefined);
});

test('EMBEDDINGS=openai-compatible posts to the configured base with its model, key and batch size', async () => {
  const server = await startReceiver((request) => {
    const { input } = JSON.parse(request.body.toString()) as { input: string[] };
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: input.map((_, index) => ({ index, embedding: [1, index] })) }) };
  });
  const config = loadConfig({
    EMBEDDINGS: 'openai-compatible',
    EMBEDDINGS_BASE_URL: new URL(server.url).origin,
    EMBEDDINGS_MODEL: 'nomic-embed-text',
    EMBEDDINGS_API_KEY: 'sk-local',
    EMBEDDINGS_BATCH_SIZE: '2',
  });
  const provider = embeddingProviderFromConfig(config, logger)!;
  assert.equal(provider.model, 'nomic-embed-text');
  assert.equal((await provider.embed(['a', 'b', 'c'])).length, 3);
  assert.deepEqual(server.received.map((r) => [r.url, r.headers.authorization, JSON.parse(r.body.toString()).model]), [
    ['/v1/embeddings', 'Bearer sk-local', 'nomic-embed-text'],
    ['/v1/embeddings', 'Bearer sk-local', 'nomic-embed-text'],
  ]);
});

test('EMBEDDINGS_TIMEOUT_MS is the time the provider gives the server', async () => {
  const server = await startReceiver(() => ({ hang: true }));
  const config = loadConfig({ EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: new URL(server.url).origin, EMBEDDINGS_MODEL: 'nomic-embed-text', EMBEDDINGS_TIMEOUT_MS: '1500' });
  await assert.rejects(embeddingProviderFromConfig(config, logger)!.embed(['a']), /after 1 attempt\(s\): no answer within 1500 ms$/);
});

test('EMBEDDINGS=onnx loads the model in EMBEDDINGS_MODEL_PATH, named after its directory', { skip: ONNX_RUNTIME_ABSENT }, async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ct-onnx-config-'));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const model = writeTinyOnnxModel(path.join(root, 'paraphrase-tiny'), { refund: [1, 0] }, { specialVector: [0, 1] });
  const provider = embeddingProviderFromConfig(loadConfig({ EMBEDDINGS: 'onnx', EMBEDDINGS_MODEL_PATH: model.directory }), logger)!;
  assert.equal(provider.model, 'paraphrase-tiny');
  const [vector] = await provider.embed(['refund']);
  // [CLS] (0,1), refund (1,0), [SEP] (0,1): the mean (1/3, 2/3), normalised.
  assert.deepEqual(Array.from(vector!, (value) => Math.round(value * 1e4) / 1e4), [0.4472, 0.8944]);
});
