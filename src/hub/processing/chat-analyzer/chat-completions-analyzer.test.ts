/**
 * The chat-completions analyzer against a fake OpenAI-compatible server on
 * a loopback port (the third-party system: Ollama, vLLM, a hosted API).
 * A usable answer gives the conversation the model's insights and summary
 * beside the local analyzer's sentiment and language; every kind of
 * unusable answer gives exactly what the local analyzer gives alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../../test-support/eventually.ts';
import { logSink, type LogSink } from '../../../test-support/log-sink.ts';
import { startReceiver, type Answer, type Received } from '../../../test-support/webhook-receiver.ts';
import { localAnalyzer } from '../analysis/local-analyzer.ts';
import type { AnalyzerInput, AnalyzerParticipant } from '../analyzer.ts';
import { ANSWER_SCHEMA } from './answer-schema.ts';
import { chatCompletionsAnalyzer, type ChatCompletionsAnalyzerOptions } from './chat-completions-analyzer.ts';

const API_KEY = 'sk-test-chat-key-93be';
const OPTIONS = { competitors: ['Zendesk'] };
const CUSTOMER: AnalyzerParticipant = { key: 'p-dana', name: 'Dana Reyes', role: 'customer' };
const AGENT: AnalyzerParticipant = { key: 'p-sam', name: 'Sam Agent', role: 'agent' };
const LINES: [AnalyzerParticipant, string][] = [
  [AGENT, 'Thanks for calling Acme support, how can I help?'],
  [CUSTOMER, 'Our exports keep crashing since Monday. We need SSO with Okta before the rollout.'],
  [AGENT, 'I am sorry to hear that. Let me check the export logs.'],
  [CUSTOMER, 'Honestly, if this is not fixed by Friday we will cancel and move to Zendesk.'],
];
const INPUT: AnalyzerInput = {
  title: 'Exports crashing',
  type: 'call',
  language: 'en',
  participants: [CUSTOMER, AGENT],
  fragments: LINES.map(([who, text], position) => ({ position, participantKey: who.key, text })),
};
const CUSTOMER_WORDS = ['exports keep crashing', 'SSO with Okta', 'cancel and move'];

const GOOD = {
  summary: 'Dana reports crashing exports and asks for Okta SSO; she will cancel if the crash is not fixed by Friday.',
  insights: [
    { fragment: 3, type: 'churn_risk', text: 'if this is not fixed by Friday we will cancel and move to Zendesk.', summary: 'Will cancel if exports stay broken.', importance: 0.95 },
    { fragment: 1, type: 'bug', text: 'Our exports keep crashing since Monday.', summary: 'Exports crash.', importance: 0.8 },
    { fragment: 1, type: 'feature_request', text: 'We need SSO with Okta before the rollout.', summary: 'Wants Okta SSO.', importance: 0.6 },
  ],
};

const json = (body: unknown, status = 200): Answer => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const completion = (content: string, choice: Record<string, unknown> = {}) =>
  json({ id: 'chatcmpl-1', object: 'chat.completion', model: 'llama3.1:8b', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', ...choice }] });

async function setUp(answer: (request: Received, index: number) => Answer, overrides: Partial<ChatCompletionsAnalyzerOptions> = {}) {
  const server = await startReceiver(answer);
  const sink = logSink();
  const analyzer = chatCompletionsAnalyzer(
    { baseUrl: `${new URL(server.url).origin}/v1`, model: 'llama3.1:8b', apiKey: API_KEY, timeoutMs: 5000, maxInputChars: 12_000, logger: sink.logger, ...overrides },
    localAnalyzer,
  );
  return { server, sink, analyzer };
}

/** Nothing secret or said by the customer is logged at info or above; the key is logged nowhere. */
function assertCleanLogs(sink: LogSink) {
  assert.ok(!sink.text().includes(API_KEY), 'the key is never logged');
  for (const entry of sink.entries().filter((e) => (e.level as number) >= 30)) {
    for (const words of CUSTOMER_WORDS) assert.ok(!JSON.stringify(entry).includes(words), `info+ log quotes the customer: ${JSON.stringify(entry)}`);
  }
}

test('a valid answer supplies the insights and the summary; sentiment, language, keywords and fragments stay the local analyzer\'s', async () => {
  const { sink, analyzer } = await setUp(() => completion(JSON.stringify(GOOD)));
  const local = await localAnalyzer.analyze(INPUT, OPTIONS);
  const result = await analyzer.analyze(INPUT, OPTIONS);
  assert.equal(analyzer.name, 'openai-compatible');
  assert.equal(result.analyzer, 'openai-compatible', 'the result says whose insights it holds');
  assert.deepEqual(
    result.insights.map((i) => [i.position, i.type, i.text, i.summary, i.importance]),
    [
      [1, 'bug', 'Our exports keep crashing since Monday.', 'Exports crash.', 0.8],
      [1, 'feature_request', 'We need SSO with Okta before the rollout.', 'Wants Okta SSO.', 0.6],
      [3, 'churn_risk', 'if this is not fixed by Friday we will cancel and move to Zendesk.', 'Will cancel if exports stay broken.', 0.95],
    ],
  );
  // Each insight's quoted span is scored as the local analyzer scores its own: the bug and the request, which the local analyzer also
  // finds, get its scores, though they share one fragment (-0.791); the churn risk gets the score of its words, not of its fragment's.
  const localScore = (type: string) => local.insights.find((i) => i.type === type)!.sentiment;
  assert.deepEqual(result.insights.map((i) => i.sentiment), [localScore('bug'), localScore('feature_request'), -0.774]);
  assert.deepEqual([local.fragments[1]!.sentiment, localScore('feature_request'), local.fragments[3]!.sentiment], [-0.791, 0, -0.578]);
  assert.equal(result.summary, GOOD.summary);
  assert.deepEqual([result.language, result.sentiment, result.keywords, result.fragments], [local.language, local.sentiment, local.keywords, local.fragments]);
  assertCleanLogs(sink);
});

test('the request names the model, asks for the strict JSON schema at temperature 0, and carries the numbered conversation', async () => {
  const { server, analyzer } = await setUp(() => completion(JSON.stringify(GOOD)));
  await analyzer.analyze(INPUT, OPTIONS);
  assert.equal(server.received.length, 1);
  const [request] = server.received;
  assert.equal(request!.method, 'POST');
  assert.equal(request!.url, '/v1/chat/completions');
  assert.equal(request!.headers.authorization, `Bearer ${API_KEY}`);
  const body = JSON.parse(request!.body.toString());
  assert.equal(body.model, 'llama3.1:8b');
  assert.equal(body.temperature, 0);
  assert.equal(body.max_tokens, 1536);
  assert.equal(body.stream, false);
  assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'conversation_insights', strict: true, schema: ANSWER_SCHEMA } });
  assert.deepEqual(body.messages.map((m: { role: string }) => m.role), ['system', 'user']);
  assert.match(body.messages[0].content, /churn_risk: /);
  assert.match(body.messages[0].content, /Known competitors: Zendesk\./);
  const user: string = body.messages[1].content;
  assert.match(user, /^A call titled "Exports crashing":\n\n\[0\] agent \(Sam Agent\): Thanks for calling/);
  assert.ok(user.includes('\n[3] customer (Dana Reyes): Honestly, if this is not fixed by Friday we will cancel and move to Zendesk.'));
});

test('quotes copied with small slips are stored in the fragment\'s own characters', async () => {
  const slipped = {
    summary: 'Crashes and a cancellation threat.',
    insights: [
      { fragment: 1, type: 'bug', text: '"our exports keep   crashing since monday"', summary: '', importance: 0.8 },
      { fragment: 3, type: 'churn_risk', text: 'we will cancel and move to Zendesk…', summary: 'Threat to leave.', importance: 0.9 },
    ],
  };
  const { analyzer } = await setUp(() => completion(JSON.stringify(slipped)));
  const result = await analyzer.analyze(INPUT, OPTIONS);
  assert.deepEqual(
    result.insights.map((i) => [i.position, i.text, i.summary]),
    [
      [1, 'Our exports keep crashing since Monday', null],
      [3, 'we will cancel and move to Zendesk', 'Threat to leave.'],
    ],
  );
});

const unusable: [string, (request: Received) => Answer, RegExp][] = [
  ['the server answers 500', () => json({ error: { message: 'model crashed' } }, 500), /^HTTP 500 \(a server error\)$/],
  ['the server refuses json_schema (400)', () => json({ error: { message: 'response_format json_schema is not supported' } }, 400), /^HTTP 400 \(the request was refused\)$/],
  ['the server echoes the key and the conversation in its error', () => json({ error: { message: `key ${API_KEY}: cannot read "our exports keep crashing since Monday"` } }, 422), /^HTTP 422 \(the request was refused\)$/],
  ['the content is not JSON', () => completion('Here are the insights: bug, churn risk.'), /^the message content is not JSON$/],
  ['the content is JSON of another shape', () => completion(JSON.stringify({ insights: GOOD.insights })), /^the answer does not match the schema: \/ must have required property 'summary'$/],
  ['an insight has an unknown type', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[0], type: 'complaint' }] })), /^the answer does not match the schema: \/insights\/0\/type must be equal to one of the allowed values$/],
  ['an insight has a property the schema does not allow', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[0], speaker: 'Dana' }] })), /must NOT have additional properties$/],
  ['an insight\'s text is not in its fragment', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[1], text: 'The exports have been failing all week.' }] })), /^insight 0 quotes words that are not in fragment 1$/],
  ['an insight quotes another fragment', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[0], fragment: 1 }] })), /^insight 0 quotes words that are not in fragment 1$/],
  ['an insight names a fragment that does not exist', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[0], fragment: 17 }] })), /^insight 0 names fragment 17, which is not a customer fragment of the prompt$/],
  ['an insight names the agent\'s fragment', () => completion(JSON.stringify({ ...GOOD, insights: [{ fragment: 2, type: 'question', text: 'Let me check the export logs.', summary: '', importance: 0.1 }] })), /^insight 0 names fragment 2, which is not a customer fragment/],
  ['an importance is outside 0 to 1', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[0], importance: 7 }] })), /^insight 0 has an importance outside 0 to 1$/],
  ['the answer was cut at the token limit', () => completion(JSON.stringify(GOOD).slice(0, 40), { finish_reason: 'length' }), /^the answer was cut at the model's token limit$/],
  ['the model refused', () => completion('', { message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' } }), /^the model refused$/],
  ['the answer has no choices', () => json({ id: 'x', choices: [] }), /^the answer has no choices$/],
  ['the answer has no message content', () => completion('', { message: { role: 'assistant', content: null } }), /^the answer has no message content$/],
  ['more insights than three per customer fragment sent', () => completion(JSON.stringify({ ...GOOD, insights: new Array(7).fill(GOOD.insights[1]) })), /^the answer has 7 insights for 2 customer fragments \(at most 3 each\)$/],
  ['a quote of a single character, which every fragment holds', () => completion(JSON.stringify({ ...GOOD, insights: [{ ...GOOD.insights[1], text: 'e' }] })), /^insight 0 quotes words that are not in fragment 1$/],
];

for (const [what, answer, reason] of unusable) {
  test(`${what}: the local analyzer's result, exactly, and the reason logged at warn`, async () => {
    const { sink, analyzer } = await setUp(answer);
    const result = await analyzer.analyze(INPUT, OPTIONS);
    assert.deepEqual(result, await localAnalyzer.analyze(INPUT, OPTIONS));
    assert.equal(result.analyzer, 'local', 'the result says the insights are the local analyzer\'s');
    const warning = sink.entries().find((e) => e.msg === 'chat-completions analysis not used; the local analyzer\'s result is kept');
    assert.equal(warning?.level, 40);
    assert.match(String(warning?.reason), reason);
    assert.equal(warning?.model, 'llama3.1:8b');
    assertCleanLogs(sink);
  });
}

test('a server that never answers: the local analyzer\'s result after ANALYZER_TIMEOUT_MS', async () => {
  const { server, sink, analyzer } = await setUp(() => ({ hang: true }), { timeoutMs: 1000 });
  const started = performance.now();
  const result = await analyzer.analyze(INPUT, OPTIONS);
  assert.ok(performance.now() - started >= 990, 'waited the timeout');
  assert.deepEqual(result, await localAnalyzer.analyze(INPUT, OPTIONS));
  await eventually(() => server.received.length > 0, 'the fake server saw the request');
  assert.equal(server.received.length, 1, 'not retried');
  assert.equal(sink.entries().find((e) => e.level === 40)?.reason, 'no answer within 1000 ms');
});

test('an answer that streams on past the answer cap is abandoned: the local analyzer\'s result', async () => {
  const { sink, analyzer } = await setUp(() => ({ headers: { 'content-type': 'application/json' }, body: '{"choices":[{"message":{"content":"', endless: true }), { maxAnswerBytes: 16 * 1024 });
  assert.deepEqual(await analyzer.analyze(INPUT, OPTIONS), await localAnalyzer.analyze(INPUT, OPTIONS));
  assert.equal(sink.entries().find((e) => e.level === 40)?.reason, 'the answer is larger than 16384 bytes');
});

test('over-long summaries are cut at a word, with an ellipsis, and the answer is used', async () => {
  const long = { ...GOOD, summary: `Exports crash. ${'The customer explains the crash again. '.repeat(80)}`, insights: [{ ...GOOD.insights[1], summary: `Exports ${'crash '.repeat(150)}` }] };
  const { analyzer } = await setUp(() => completion(JSON.stringify(long)));
  const result = await analyzer.analyze(INPUT, OPTIONS);
  assert.equal(result.analyzer, 'openai-compatible');
  assert.ok(result.summary!.length <= 2000 && result.summary!.length > 1900, `${result.summary!.length} characters`);
  const kept = result.summary!.slice(0, -1);
  assert.ok(result.summary!.endsWith('…') && long.summary.startsWith(kept) && long.summary[kept.length] === ' ', 'cut after a whole word');
  const [insight] = result.insights;
  assert.ok(insight!.summary!.length <= 500 && insight!.summary!.endsWith('crash…'), insight!.summary!);
});

test('identical insights, and the same words copied with a slip, are kept once, the first; other words or another type are another insight', async () => {
  const twice = {
    ...GOOD,
    insights: [GOOD.insights[1], GOOD.insights[1], { ...GOOD.insights[1], text: 'our exports keep crashing since monday' }, { ...GOOD.insights[1], type: 'pain_point' }, { ...GOOD.insights[2], type: 'bug' }],
  };
  const { analyzer } = await setUp(() => completion(JSON.stringify(twice)));
  const result = await analyzer.analyze(INPUT, OPTIONS);
  assert.deepEqual(result.insights.map((i) => [i.type, i.text]), [
    ['bug', 'Our exports keep crashing since Monday.'],
    ['pain_point', 'Our exports keep crashing since Monday.'],
    ['bug', 'We need SSO with Okta before the rollout.'],
  ]);
});

test('an aborted call is no fallback: it ends with the signal\'s reason', async () => {
  const { server, sink, analyzer } = await setUp(() => ({ hang: true }), { timeoutMs: 600_000 });
  const controller = new AbortController();
  const pending = analyzer.analyze(INPUT, OPTIONS, controller.signal);
  await eventually(() => server.received.length === 1, 'the request reached the server');
  controller.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  assert.ok(!sink.entries().some((e) => e.level === 40), 'no fallback was logged');
  await assert.rejects(analyzer.analyze(INPUT, OPTIONS, AbortSignal.abort()), { name: 'AbortError' });
  assert.equal(server.received.length, 1, 'already aborted: nothing is sent');
});

test('past ANALYZER_MAX_INPUT_CHARS only the first fragments are sent; the rest keep local insights, the conversation its local summary', async () => {
  // The first three lines take 259 characters; the fourth would end at 363.
  const { server, analyzer } = await setUp(
    () => completion(JSON.stringify({ summary: 'Exports crash.', insights: [{ fragment: 1, type: 'bug', text: 'Our exports keep crashing since Monday.', summary: 'Exports crash.', importance: 0.7 }] })),
    { maxInputChars: 300, apiKey: undefined },
  );
  const local = await localAnalyzer.analyze(INPUT, OPTIONS);
  const result = await analyzer.analyze(INPUT, OPTIONS);
  const user: string = JSON.parse(server.received[0]!.body.toString()).messages[1].content;
  assert.match(user, /\(its first 3 of 4 fragments\):/);
  assert.ok(user.includes('[2] agent') && !user.includes('[3] customer'));
  assert.equal(server.received[0]!.headers.authorization, undefined, 'no key, no Authorization header');
  const localLater = local.insights.filter((i) => i.position === 3);
  assert.ok(localLater.length > 0, 'the local analyzer finds the churn risk of fragment 3');
  assert.deepEqual(result.insights, [
    { position: 1, type: 'bug', text: 'Our exports keep crashing since Monday.', summary: 'Exports crash.', sentiment: local.insights[0]!.sentiment, importance: 0.7 },
    ...localLater,
  ]);
  assert.equal(result.summary, local.summary);
  assert.equal(result.analyzer, 'openai-compatible', 'the model\'s insights are in it');
});
