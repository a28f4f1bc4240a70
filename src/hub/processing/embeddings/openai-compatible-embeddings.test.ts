/**
 * The OpenAI-compatible embedding provider against a fake embedding server
 * on a loopback port (the third-party system: Ollama, vLLM, a hosted API).
 * The fake answers each text with a vector derived from its length, in
 * reverse order, so order, normalisation and batching are all visible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appError } from '../../../test-support/app-error.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { logSink } from '../../../test-support/log-sink.ts';
import { startReceiver, type Answer, type Received } from '../../../test-support/webhook-receiver.ts';
import { MAX_EMBEDDED_CHARS } from './embedding-texts.ts';
import { openAiCompatibleEmbeddings, type OpenAiCompatibleEmbeddingsOptions } from './openai-compatible-embeddings.ts';

const API_KEY = 'sk-test-embeddings-key-5f1c';
const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Answer => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const inputOf = (request: Received) => (JSON.parse(request.body.toString()) as { input: string[] }).input;

/** Vectors [len, 0, 0, 1]: after normalisation their first component tells the texts apart. */
function embeddingsOf(request: Received, dimensions = 4): Answer {
  const data = inputOf(request).map((text, index) => ({ object: 'embedding', index, embedding: [text.length, ...new Array(dimensions - 2).fill(0), 1] }));
  return json({ object: 'list', model: 'nomic-embed-text', data: data.reverse(), usage: { prompt_tokens: 1, total_tokens: 1 } });
}

async function fakeServer(answer: (request: Received, index: number) => Answer) {
  const server = await startReceiver(answer);
  return { server, baseUrl: `${new URL(server.url).origin}/v1` };
}

function provider(baseUrl: string, overrides: Partial<OpenAiCompatibleEmbeddingsOptions> = {}) {
  return openAiCompatibleEmbeddings({ baseUrl, model: 'nomic-embed-text', apiKey: API_KEY, timeoutMs: 5000, batchSize: 64, logger: logSink().logger, retryDelaysMs: [10, 10], ...overrides });
}


test('texts are embedded in one request to <base>/embeddings, returned in input order as unit vectors', async () => {
  const { server, baseUrl } = await fakeServer((request) => embeddingsOf(request));
  const vectors = await provider(baseUrl).embed(['refund', 'card lost', 'a']);
  assert.equal(server.received.length, 1);
  const [request] = server.received;
  assert.equal(request!.method, 'POST');
  assert.equal(request!.url, '/v1/embeddings');
  assert.equal(request!.headers.authorization, `Bearer ${API_KEY}`);
  assert.equal(request!.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(request!.body.toString()), { model: 'nomic-embed-text', input: ['refund', 'card lost', 'a'] });
  assert.deepEqual(vectors.map((v) => v.length), [4, 4, 4]);
  for (const [i, text] of ['refund', 'card lost', 'a'].entries()) {
    const norm = Math.hypot(text.length, 1);
    assert.ok(Math.abs(vectors[i]![0]! - text.length / norm) < 1e-6, `vector ${i} belongs to ${text}`);
    assert.ok(Math.abs(Math.hypot(...vectors[i]!) - 1) < 1e-6, `vector ${i} has unit length`);
  }
});

test('no texts, no request; no key, no Authorization header', async () => {
  const { server, baseUrl } = await fakeServer((request) => embeddingsOf(request));
  assert.deepEqual(await provider(baseUrl).embed([]), []);
  assert.equal(server.received.length, 0);
  await provider(baseUrl, { apiKey: undefined }).embed(['x']);
  assert.equal(server.received[0]!.headers.authorization, undefined);
});

test('more texts than EMBEDDINGS_BATCH_SIZE go in several requests and come back in order', async () => {
  const { server, baseUrl } = await fakeServer((request) => embeddingsOf(request));
  const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
  const vectors = await provider(baseUrl, { batchSize: 2 }).embed(texts);
  assert.deepEqual(server.received.map(inputOf), [['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
  assert.deepEqual(vectors.map((v) => Math.round((v[0]! / v[3]!) * 1000) / 1000), [1, 2, 3, 4, 5]);
});

test('a 429 is retried after the server\'s Retry-After, then the answer is used; the retry is logged without the key', async () => {
  const { server, baseUrl } = await fakeServer((request, index) => (index === 0 ? json({ error: { message: 'rate limited' } }, 429, { 'retry-after': '1' }) : embeddingsOf(request)));
  const sink = logSink();
  const started = performance.now();
  const vectors = await provider(baseUrl, { logger: sink.logger }).embed(['refund']);
  assert.equal(vectors.length, 1);
  assert.equal(server.received.length, 2);
  assert.ok(performance.now() - started >= 990, 'waited for Retry-After: 1');
  const retry = sink.entries().find((entry) => entry.msg === 'embedding request failed; retrying');
  assert.equal(retry?.reason, 'HTTP 429 (rate limited)');
  assert.equal(retry?.level, 40, 'warn');
  assert.ok(!sink.text().includes(API_KEY));
});

test('a server that answers 500 every time fails after the retries with the status; its own words are logged at debug only', async () => {
  const { server, baseUrl } = await fakeServer(() => json({ error: { message: 'CUDA out of memory' } }, 500));
  const sink = logSink();
  await assert.rejects(
    provider(baseUrl, { logger: sink.logger }).embed(['refund']),
    appError('EMBEDDINGS_REQUEST_FAILED', new RegExp(`^The embedding server at ${baseUrl}/embeddings did not answer successfully after 3 attempt\\(s\\): HTTP 500 \\(a server error\\)$`)),
  );
  assert.equal(server.received.length, 3, 'one attempt and two retries');
  assert.deepEqual(sink.entries().filter((e) => e.serverText !== undefined).map((e) => [e.level, e.serverText]), new Array(3).fill([20, 'CUDA out of memory']));
  assert.ok(!sink.text().includes(API_KEY));
});

test('a 4xx is not retried: an unknown model fails at once, naming the likely cause', async () => {
  const { server, baseUrl } = await fakeServer(() => json({ error: { message: 'model "nomic-embed-text" not found, try pulling it first' } }, 404));
  await assert.rejects(provider(baseUrl).embed(['refund']), appError('EMBEDDINGS_REQUEST_FAILED', /after 1 attempt\(s\): HTTP 404 \(not found: a wrong base URL, or a model the server does not know\)$/));
  assert.equal(server.received.length, 1);
});

test('a server that echoes the key and the texts in its error: neither is in the error or in any log at info or above', async () => {
  const { baseUrl } = await fakeServer((request) => json({ error: { message: `bad input ${JSON.stringify(inputOf(request))} for key ${API_KEY}` } }, 400));
  const sink = logSink();
  const failure = await provider(baseUrl, { logger: sink.logger }).embed(['my card was stolen']).then(() => assert.fail('no vectors from a 400'), (error: unknown) => error as Error);
  assert.match(failure.message, /HTTP 400 \(the request was refused\)$/);
  assert.ok(!failure.message.includes('stolen') && !failure.message.includes(API_KEY));
  assert.ok(!sink.text().includes(API_KEY), 'the key is logged nowhere');
  assert.ok(sink.entries().every((e) => (e.level as number) < 30 || !JSON.stringify(e).includes('stolen')));
  assert.ok(sink.entries().some((e) => e.level === 20 && String(e.serverText).includes('my card was stolen')), 'the text is there at debug, to find the cause');
});

test('a Retry-After longer than 30 s, in seconds or as an HTTP date, fails at once instead of retrying before the server asks', async () => {
  for (const retryAfter of ['31', new Date(Date.now() + 120_000).toUTCString()]) {
    const { server, baseUrl } = await fakeServer(() => json({ error: { message: 'slow down' } }, 429, { 'retry-after': retryAfter }));
    await assert.rejects(
      provider(baseUrl).embed(['refund']),
      appError('EMBEDDINGS_REQUEST_FAILED', /after 1 attempt\(s\): HTTP 429 \(rate limited\); the server asks for a wait of (31|119|120) s, more than the 30 s a batch waits$/),
    );
    assert.equal(server.received.length, 1, retryAfter);
  }
});

test('a Retry-After as an HTTP date within 30 s is waited for, then the batch is sent again', async () => {
  // An HTTP date has whole seconds: two seconds ahead is a wait of more than one.
  const { server, baseUrl } = await fakeServer((request, index) => (index === 0 ? json({}, 503, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }) : embeddingsOf(request)));
  const started = performance.now();
  assert.equal((await provider(baseUrl).embed(['refund'])).length, 1);
  assert.equal(server.received.length, 2);
  assert.ok(performance.now() - started >= 990, 'waited until the date');
});

test('a refused connection is retried, then fails naming the cause', async () => {
  const { server, baseUrl } = await fakeServer((request) => embeddingsOf(request));
  await server.close();
  await assert.rejects(provider(baseUrl).embed(['refund']), appError('EMBEDDINGS_REQUEST_FAILED', /after 3 attempt\(s\): the request failed \(ECONNREFUSED\)$/));
});

test('a server that never answers fails after EMBEDDINGS_TIMEOUT_MS, without a retry', async () => {
  const { server, baseUrl } = await fakeServer(() => ({ hang: true }));
  const started = performance.now();
  await assert.rejects(provider(baseUrl, { timeoutMs: 1000 }).embed(['refund']), appError('EMBEDDINGS_REQUEST_FAILED', /after 1 attempt\(s\): no answer within 1000 ms$/));
  assert.ok(performance.now() - started >= 990, 'waited the timeout');
  await eventually(() => server.received.length > 0, 'the fake server saw the request');
  assert.equal(server.received.length, 1, 'not retried');
});

test('an aborted call ends with the signal\'s reason, whether it waits for an answer or for a retry', async () => {
  const hanging = await fakeServer(() => ({ hang: true }));
  const waiting = new AbortController();
  const pending = provider(hanging.baseUrl, { timeoutMs: 600_000 }).embed(['refund'], waiting.signal);
  await eventually(() => hanging.server.received.length === 1, 'the request reached the server');
  waiting.abort();
  await assert.rejects(pending, { name: 'AbortError' });

  const failing = await fakeServer(() => json({}, 503));
  const pausing = new AbortController();
  const sink = logSink();
  const retrying = provider(failing.baseUrl, { retryDelaysMs: [600_000], logger: sink.logger }).embed(['refund'], pausing.signal);
  await eventually(() => sink.entries().some((e) => e.msg === 'embedding request failed; retrying'), 'the provider waits to retry');
  const reason = new Error('shutting down');
  pausing.abort(reason);
  await assert.rejects(retrying, (error) => error === reason);
  assert.equal(failing.server.received.length, 1);

  await assert.rejects(provider(failing.baseUrl).embed(['refund'], AbortSignal.abort()), { name: 'AbortError' }, 'already aborted: nothing is sent');
  assert.equal(failing.server.received.length, 1);
});

test('an empty text is refused before any request, naming its place; a long text is sent by its first MAX_EMBEDDED_CHARS characters', async () => {
  const { server, baseUrl } = await fakeServer((request) => embeddingsOf(request));
  await assert.rejects(provider(baseUrl).embed(['refund', ' \n\t']), appError('EMBEDDINGS_EMPTY_TEXT', /^Text 1 of the 2 to embed is empty or only white space, and has no embedding$/));
  assert.equal(server.received.length, 0);
  // The cut falls inside the emoji that follows 7,999 letters: it is left out whole.
  await provider(baseUrl).embed([`${'a'.repeat(MAX_EMBEDDED_CHARS - 1)}😤${'b'.repeat(5000)}`, 'short']);
  assert.deepEqual(inputOf(server.received[0]!), ['a'.repeat(MAX_EMBEDDED_CHARS - 1), 'short']);
});

test('the provider tells its vectors\' dimension once it has seen them', async () => {
  const { baseUrl } = await fakeServer((request) => embeddingsOf(request, 6));
  const embeddings = provider(baseUrl);
  assert.equal(embeddings.dimensions, undefined);
  await embeddings.embed(['a']);
  assert.equal(embeddings.dimensions, 6);
});

test('vectors of another dimension than the provider has seen are refused, in one answer and across answers', async () => {
  const mixed = await fakeServer(() => json({ data: [{ index: 0, embedding: [1, 0, 0] }, { index: 1, embedding: [1, 0, 0, 0] }] }));
  await assert.rejects(provider(mixed.baseUrl).embed(['a', 'b']), appError('EMBEDDINGS_INVALID_RESPONSE', /the embedding of index 1 has 4 dimensions, earlier ones 3$/));

  let dimensions = 4;
  const swapped = await fakeServer((request) => embeddingsOf(request, dimensions));
  const embeddings = provider(swapped.baseUrl);
  await embeddings.embed(['a']);
  dimensions = 8;
  await assert.rejects(embeddings.embed(['a']), appError('EMBEDDINGS_INVALID_RESPONSE', /the embedding of index 0 has 8 dimensions, earlier ones 4$/));
});

test('answers that do not hold one usable vector per text are refused with what is wrong', async () => {
  const cases: [unknown, RegExp][] = [
    [{ object: 'list' }, /no "data" array$/],
    [{ data: [{ index: 0, embedding: [1, 0] }] }, /1 vectors for 2 texts$/],
    [{ data: [{ index: 0, embedding: [1, 0] }, { index: 0, embedding: [0, 1] }] }, /an item has the index 0; each of 0 to 1 must appear once$/],
    [{ data: [{ embedding: [1, 0] }, { index: 1, embedding: [0, 1] }] }, /an item has the index undefined/],
    [{ data: [{ index: 0, embedding: 'AACAPw==' }, { index: 1, embedding: [0, 1] }] }, /the embedding of index 0 is not a list of numbers/],
    [{ data: [{ index: 0, embedding: [0, 0] }, { index: 1, embedding: [0, 1] }] }, /the embedding of index 0 has length zero$/],
  ];
  for (const [body, message] of cases) {
    const { baseUrl } = await fakeServer(() => json(body));
    await assert.rejects(provider(baseUrl).embed(['a', 'b']), appError('EMBEDDINGS_INVALID_RESPONSE', message));
  }
  const { baseUrl } = await fakeServer(() => ({ status: 200, body: '<html>login</html>' }));
  await assert.rejects(provider(baseUrl).embed(['a']), appError('EMBEDDINGS_REQUEST_FAILED', /HTTP 200 with a body that is not JSON$/));
});
