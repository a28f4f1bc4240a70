/**
 * The one POST both OpenAI-compatible clients make, against a fake server on
 * a loopback port (the third-party system): what is worth a retry, what is
 * abandoned, what is said about a failure and where the server's own words
 * go.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../test-support/eventually.ts';
import { logSink } from '../../test-support/log-sink.ts';
import { startReceiver, type Answer } from '../../test-support/webhook-receiver.ts';
import { postOpenAiCompatible, type ApiRequest } from './openai-compatible-api.ts';

const API_KEY = 'sk-test-api-key-0c4e71';
const CUSTOMER_WORDS = 'our exports keep crashing since Monday';

async function post(answer: () => Answer, overrides: Partial<ApiRequest> = {}) {
  const server = await startReceiver(answer);
  const sink = logSink();
  const outcome = await postOpenAiCompatible({ url: server.url, apiKey: API_KEY, payload: { input: [CUSTOMER_WORDS] }, timeoutMs: 5000, maxAnswerBytes: 1024 * 1024, logger: sink.logger, ...overrides });
  return { server, sink, outcome };
}

test('a 2xx answer is its parsed JSON', async () => {
  const { outcome } = await post(() => ({ headers: { 'content-type': 'application/json' }, body: '{"data":[]}' }));
  assert.deepEqual(outcome, { ok: true, body: { data: [] } });
});

test('a server error that echoes the key and the request is told by its status and a generic cause; its words reach debug only, without the key', async () => {
  // The key sits across the point where the server's text is cut: no part of it may survive the cut.
  const echo = `${'x'.repeat(260)} Incorrect API key provided: ${API_KEY}. Input was "${CUSTOMER_WORDS}"`;
  const { sink, outcome } = await post(() => ({ status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: echo } }) }));
  assert.deepEqual(outcome, { ok: false, reason: 'HTTP 401 (the key was refused)', retryable: false, retryAfterMs: undefined });
  assert.ok(!sink.text().includes(API_KEY.slice(0, 8)), 'not even the start of the key is logged');
  const [debug] = sink.entries();
  assert.equal(debug?.level, 20);
  assert.match(String(debug?.serverText), /Incorrect API key provided: \*\*\*\. Input/);
  for (const entry of sink.entries().filter((e) => (e.level as number) >= 30)) assert.ok(!JSON.stringify(entry).includes('crashing'), JSON.stringify(entry));

  const plain = await post(() => ({ status: 500, body: `the key ${API_KEY} is over quota; ${API_KEY}` }));
  assert.deepEqual(plain.outcome, { ok: false, reason: 'HTTP 500 (a server error)', retryable: true, retryAfterMs: undefined });
  assert.equal(plain.sink.entries()[0]?.serverText, 'the key *** is over quota; ***', 'every occurrence, in a text that is not JSON');
});

test('a Retry-After in seconds or as an HTTP date comes back in milliseconds', async () => {
  const seconds = await post(() => ({ status: 429, headers: { 'retry-after': '7' } }));
  assert.deepEqual(seconds.outcome, { ok: false, reason: 'HTTP 429 (rate limited)', retryable: true, retryAfterMs: 7000 });
  const date = new Date(Date.now() + 90_000);
  const dated = await post(() => ({ status: 503, headers: { 'retry-after': date.toUTCString() } }));
  assert.ok(!dated.outcome.ok);
  const wait = dated.outcome.retryAfterMs!;
  assert.ok(wait > 85_000 && wait <= 90_000, `about 90 s (${wait} ms)`);
});

test('an answer that streams past maxAnswerBytes is abandoned, not retried', async () => {
  const { outcome } = await post(() => ({ headers: { 'content-type': 'application/json' }, body: '{"data":[0,0,0,0,0,0,0]}', endless: true }), { maxAnswerBytes: 4096 });
  assert.deepEqual(outcome, { ok: false, reason: 'the answer is larger than 4096 bytes', retryable: false, retryAfterMs: undefined });
});

test('an answer whose body stops half way is a timeout, not a connection failure to retry', async () => {
  const { outcome } = await post(() => ({ headers: { 'content-type': 'application/json' }, body: '{"data":[', unfinished: true }), { timeoutMs: 500 });
  assert.deepEqual(outcome, { ok: false, reason: 'no answer within 500 ms', retryable: false, retryAfterMs: undefined });
});

test('a refused connection is worth a retry; a failure that will not pass (TLS spoken to a plain HTTP server) is not', async () => {
  const server = await startReceiver();
  const { port } = new URL(server.url);
  const call = { apiKey: API_KEY, payload: {}, timeoutMs: 5000, maxAnswerBytes: 1024, logger: logSink().logger };
  assert.deepEqual(await postOpenAiCompatible({ ...call, url: `https://127.0.0.1:${port}/v1/embeddings` }), {
    ok: false,
    reason: 'the request failed (ERR_SSL_WRONG_VERSION_NUMBER)',
    retryable: false,
    retryAfterMs: undefined,
  });
  await server.close();
  assert.deepEqual(await postOpenAiCompatible({ ...call, url: server.url }), { ok: false, reason: 'the request failed (ECONNREFUSED)', retryable: true, retryAfterMs: undefined });
});

test('an aborted signal ends the wait for an answer with the signal\'s reason', async () => {
  const server = await startReceiver(() => ({ hang: true }));
  const controller = new AbortController();
  const pending = postOpenAiCompatible({ url: server.url, apiKey: undefined, payload: {}, timeoutMs: 600_000, maxAnswerBytes: 1024, logger: logSink().logger, signal: controller.signal });
  await eventually(() => server.received.length === 1, 'the server has the request');
  const reason = new Error('the job was cancelled');
  controller.abort(reason);
  await assert.rejects(pending, (error) => error === reason);
});
