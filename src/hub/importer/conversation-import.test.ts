/**
 * POST /import/conversations end to end, over real HTTP with a real worker
 * (docs/importer.md "Conversations", docs/processing.md): an upload is
 * accepted (202, Location, job), its conversations are processed into
 * fragments, participants and insights that OData serves, and signed
 * webhooks announce each conversation and the job. Every format, re-posts,
 * tenants kept apart, and bad input refused with nothing written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { createToken } from '../identity/personal-access-tokens.ts';
import { localAnalyzer } from '../processing/analysis/local-analyzer.ts';
import { createSubscription } from '../webhooks/subscriptions.ts';
import { workspace } from '../../test-support/hub.ts';
import { conversationsFixture } from '../../test-support/conversations-fixture.ts';
import { eventually } from '../../test-support/eventually.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';

const { db, hub, acme, token, request, odata, upload, uploadAndWait, importer } = await conversationsFixture();
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'import', scopes: ['import'] })).token;
const readOnly = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

const RENEWAL = {
  id: 'gong-call-1001',
  type: 'call',
  title: 'Renewal with Acme',
  started_at: '2026-01-05T10:00:00Z',
  ended_at: '2026-01-05T10:00:30Z',
  participants: [
    { name: 'Ada Lovelace', email: 'ada@customer.test', role: 'customer' },
    { name: 'Bob Seller', email: 'bob@commontime.test', role: 'internal' },
  ],
  utterances: [
    { speaker: 'Bob Seller', start_ms: 0, end_ms: 4000, text: 'Thanks for joining. How is the rollout going?' },
    { speaker: 'Ada Lovelace', start_ms: 4000, end_ms: 11000, text: 'Honestly the export keeps crashing every morning, which is really frustrating.' },
    { speaker: 'ada@customer.test', start_ms: 11000, end_ms: 16000, text: 'We need single sign-on with SAML before we can renew.' },
    { speaker: 'Bob Seller', start_ms: 16000, end_ms: 19000, text: 'Understood, I will share the roadmap.' },
    { speaker: 'Ada Lovelace', start_ms: 19000, end_ms: 25000, text: 'Also the price is too expensive for a team our size.' },
  ],
};

async function conversationOf(serviceId: string, tenantId = acme.tenantId) {
  const { rows } = await sql<{ id: string }>`select id from conversations where tenant_id = ${tenantId} and service_id = ${serviceId}`.execute(db);
  return rows.map((row) => row.id);
}

async function rowCounts() {
  const { rows } = await sql<Record<string, string>>`select
    (select count(*) from conversations) as conversations, (select count(*) from conversation_sources) as sources,
    (select count(*) from participants) as participants, (select count(*) from import_jobs) as jobs`.execute(db);
  return rows[0]!;
}

test('JSON: 202 with Location and job; the job completes; OData serves the processed conversation; signed webhooks announce it and the job', async () => {
  const receiver = await startReceiver();
  const { secret } = await createSubscription(db, acme.tenantId, { url: receiver.url, events: ['conversation_processing_complete', 'import_job_completed'] }, { allowLoopback: true });

  const reply = await upload(JSON.stringify([RENEWAL]), 'application/json');
  assert.equal(reply.status, 202, reply.text);
  assert.deepEqual(Object.keys(reply.json), ['job']);
  assert.equal(reply.headers.get('location'), `${hub.url}/import/job/${reply.json.job}`);
  const job = await importer.waitForJob(reply.json.job);
  assert.equal(job.status, 'completed', JSON.stringify(job));
  assert.equal(job.processed, 1);
  assert.equal(job.error, null);
  assert.ok(job.started_at && job.completed_at);
  const [item] = job.conversations!;
  assert.deepEqual({ ...item!, id: undefined }, { item: 0, id: undefined, service_id: 'gong-call-1001', status: 'processed', error: null });

  const conversation = await odata(`/odata/Conversations('${item!.id}')?$expand=Participants,Fragments($orderby=position),Insights`);
  assert.equal(conversation.status, 200, JSON.stringify(conversation.body));
  const c = conversation.body;
  assert.equal(c.status, 'processed');
  assert.equal(c.service, '66f8a52a-1908-11ef-a0d6-475211cce46c', 'Manual Upload');
  assert.equal(c.service_id, 'gong-call-1001');
  assert.equal(c.title, 'Renewal with Acme');
  assert.equal(c.duration_seconds, 30);
  assert.equal(c.language, 'en');
  assert.equal(c.analyzer, 'local');
  assert.equal(c.processing_error, null);
  assert.ok(c.processed_at && c.updated_at);
  assert.ok(c.summary && c.summary.length > 0);
  assert.ok(Array.isArray(c.keywords) && c.keywords.length > 0);
  assert.equal(typeof c.sentiment, 'number');

  assert.deepEqual(c.Participants.map((p: any) => [p.name, p.role, p.token_count, p.talk_seconds]).sort(), [
    ['Ada Lovelace', 'customer', 33, 18],
    ['Bob Seller', 'internal', 14, 7],
  ]);
  const ada = c.Participants.find((p: any) => p.name === 'Ada Lovelace');
  assert.deepEqual(c.Fragments.map((f: any) => [f.position, f.start_ms, f.end_ms, f.text]), RENEWAL.utterances.map((u, i) => [i, u.start_ms, u.end_ms, u.text]));
  assert.ok(c.Fragments.every((f: any) => typeof f.sentiment === 'number'));

  // The insights are the analyzer's own, each linked to its conversation and fragment and in the customer's words.
  const expected = await localAnalyzer.analyze(
    {
      title: RENEWAL.title,
      type: 'call',
      language: null,
      participants: c.Participants.map((p: any) => ({ key: p.id, name: p.name, role: p.role })),
      fragments: c.Fragments.map((f: any) => ({ position: f.position, participantKey: f.participant_id, text: f.text })),
    },
    { competitors: [] },
  );
  assert.ok(expected.insights.length > 0);
  const byId = new Map(c.Fragments.map((f: any) => [f.id, f]));
  assert.deepEqual(
    c.Insights.map((i: any) => [i.type, i.text, (byId.get(i.fragment_id) as any).position]).sort(),
    expected.insights.map((i) => [i.type, i.text, i.position]).sort(),
  );
  for (const insight of c.Insights) {
    assert.equal(insight.conversation_id, c.id);
    assert.equal((byId.get(insight.fragment_id) as any).participant_id, ada.id, 'a customer statement');
  }

  await eventually(() => receiver.received.length >= 2, 'both webhooks arrived', 20_000);
  const bodies = receiver.received.map((r) => new Webhook(secret).verify(r.body.toString('utf8'), r.headers as Record<string, string>) as any);
  const byEvent = Object.fromEntries(bodies.map((b) => [b.event, b.payload]));
  assert.deepEqual(byEvent.conversation_processing_complete, { id: c.id });
  assert.deepEqual(byEvent.import_job_completed, { job: reply.json.job, type: 'conversation', processed: 1, error: null, error_line: null });
});

test('NDJSON: several conversations in one upload, each its own item', async () => {
  const lines = ['nd-1', 'nd-2', 'nd-3'].map((id, n) => JSON.stringify({ ...RENEWAL, id, title: `Call ${n}`, service: 'Zoom' })).join('\n');
  const job = await uploadAndWait(`${lines}\n`, 'application/x-ndjson');
  assert.equal(job.status, 'completed', JSON.stringify(job));
  assert.equal(job.processed, 3);
  assert.deepEqual(job.conversations!.map((i) => [i.item, i.service_id, i.status]), [[0, 'nd-1', 'processed'], [1, 'nd-2', 'processed'], [2, 'nd-3', 'processed']]);
  const listed = await odata(`/odata/Conversations?$filter=service eq 98bb866e-44f5-4e5e-8a6d-e4610b2d6a03&$select=service_id,status&$orderby=service_id`);
  assert.deepEqual(listed.body.value.map((c: any) => [c.service_id, c.status]), [['nd-1', 'processed'], ['nd-2', 'processed'], ['nd-3', 'processed']]);
});

async function transcript(body: string, contentType: string, query: string) {
  const job = await uploadAndWait(body, contentType, query);
  assert.equal(job.status, 'completed', JSON.stringify(job));
  const { body: c } = await odata(`/odata/Conversations('${job.conversations![0]!.id}')?$expand=Participants,Fragments($orderby=position)`);
  return c;
}

test('a WebVTT transcript with voice tags, metadata in the query', async () => {
  const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Ada>Our dashboards load very slowly.</v>\n\n00:00:03.000 --> 00:00:05.000\n<v Bob>I will look into it.</v>\n';
  const c = await transcript(vtt, 'text/vtt', '?id=zoom-7&type=meeting&started_at=2026-02-01T09:00:00%2B01:00&service=Zoom&customer=Ada%20%3Cada%40customer.test%3E&internal=Bob');
  assert.equal(c.type, 'meeting');
  assert.equal(c.started_at, '2026-02-01T08:00:00Z');
  assert.deepEqual(c.Participants.map((p: any) => [p.name, p.email, p.role]).sort(), [['Ada', 'ada@customer.test', 'customer'], ['Bob', null, 'internal']]);
  assert.deepEqual(c.Fragments.map((f: any) => [f.start_ms, f.end_ms, f.text]), [[0, 3000, 'Our dashboards load very slowly.'], [3000, 5000, 'I will look into it.']]);
});

test('a SubRip transcript and a plain-text one', async () => {
  const srt = '1\n00:00:01,000 --> 00:00:02,500\nAda: Can we get an invoice in euros?\n\n2\n00:00:02,500 --> 00:00:04,000\nBob: Yes, of course.\n';
  const s = await transcript(srt, 'application/x-subrip', '?id=srt-1&type=call&started_at=2026-02-01T09:00:00Z&customer=Ada&internal=Bob');
  assert.deepEqual(s.Fragments.map((f: any) => [f.start_ms, f.text]), [[1000, 'Can we get an invoice in euros?'], [2500, 'Yes, of course.']]);
  const plain = 'Agent: Hello, how can I help?\nCustomer Carol: The mobile app logs me out\nevery few minutes.\n';
  const p = await transcript(plain, 'text/plain; charset=utf-8', '?id=chat-9&type=chat&started_at=2026-02-01T09:00:00Z&agent=Agent&default_role=customer');
  assert.deepEqual(p.Participants.map((x: any) => [x.name, x.role]).sort(), [['Agent', 'agent'], ['Customer Carol', 'customer']]);
  assert.deepEqual(p.Fragments.map((f: any) => f.text), ['Hello, how can I help?', 'The mobile app logs me out every few minutes.']);
});

test('posting the same service and id again updates the conversation and processes it again, without duplicates', async () => {
  const first = await uploadAndWait(JSON.stringify({ ...RENEWAL, id: 'repost-1' }), 'application/json');
  const id = first.conversations![0]!.id;
  const before = await odata(`/odata/Conversations('${id}')?$expand=Fragments,Insights,Participants`);
  assert.equal(before.body.Fragments.length, 5);

  const shorter = { ...RENEWAL, id: 'repost-1', title: 'Renewal, second take', participants: [RENEWAL.participants[0]], utterances: [RENEWAL.utterances[4]!, RENEWAL.utterances[1]!].map((u) => ({ ...u, speaker: 'Ada Lovelace' })) };
  const second = await uploadAndWait(JSON.stringify(shorter), 'application/json');
  assert.equal(second.status, 'completed');
  assert.equal(second.conversations![0]!.id, id, 'the same conversation');
  assert.deepEqual(await conversationOf('repost-1'), [id], 'one conversation');

  const after = (await odata(`/odata/Conversations('${id}')?$expand=Fragments($orderby=position),Insights,Participants`)).body;
  assert.equal(after.title, 'Renewal, second take');
  assert.deepEqual(after.Fragments.map((f: any) => f.text), [RENEWAL.utterances[4]!.text, RENEWAL.utterances[1]!.text]);
  assert.deepEqual(after.Participants.map((p: any) => p.name), ['Ada Lovelace']);
  assert.equal(new Set(after.Insights.map((i: any) => i.id)).size, after.Insights.length);
  assert.ok(after.Insights.every((i: any) => after.Fragments.some((f: any) => f.id === i.fragment_id)), 'no insight of a fragment that is gone');
  const { rows } = await sql<{ n: string }>`select count(*) as n from fragments where tenant_id = ${acme.tenantId} and conversation_id = ${id}`.execute(db);
  assert.equal(Number(rows[0]!.n), 2);
});

test('tenants: another workspace\u2019s job is 404; the same service_id in two workspaces is two conversations', async () => {
  const ours = await uploadAndWait(JSON.stringify({ ...RENEWAL, id: 'shared-7' }), 'application/json');
  const theirs = await uploadAndWait(JSON.stringify({ ...RENEWAL, id: 'shared-7', title: 'Globex call' }), 'application/json', '', globexToken);
  const peek = await request('GET', `/import/job/${ours.job}`, undefined, {}, globexToken);
  assert.equal(peek.status, 404);
  assert.equal(peek.json.error.code, 'IMPORTER_JOB_NOT_FOUND');
  assert.notEqual(ours.conversations![0]!.id, theirs.conversations![0]!.id);
  assert.deepEqual(await conversationOf('shared-7'), [ours.conversations![0]!.id]);
  assert.deepEqual(await conversationOf('shared-7', globex.tenantId), [theirs.conversations![0]!.id]);
  const mine = await odata(`/odata/Conversations('${theirs.conversations![0]!.id}')`);
  assert.equal(mine.status, 404, 'Acme cannot read Globex\u2019s conversation');
  const title = (await odata(`/odata/Conversations('${ours.conversations![0]!.id}')`)).body.title;
  assert.equal(title, 'Renewal with Acme');
});

test('bad input: a precise 4xx in the OData error body, and nothing written', async () => {
  const cases: [string, string | Buffer, string, number, string, RegExp][] = [
    ['application/json', '[{"id": "x", "type": tru}]', '', 400, 'INGESTION_MALFORMED_JSON', /^Line 1, column 22: unexpected "tru"$/],
    ['application/json', JSON.stringify([RENEWAL, { ...RENEWAL, id: 'other', utterances: [{ speaker: 'Mallory', text: 'hi' }] }]), '', 400, 'INGESTION_UNKNOWN_SPEAKER', /^Conversation 1: speaker "Mallory"/],
    ['application/json', JSON.stringify([{ ...RENEWAL, type: undefined }]), '', 400, 'INGESTION_MISSING_PROPERTY', /type is required/],
    ['application/json', JSON.stringify([{ ...RENEWAL, type: 'fax' }]), '', 400, 'INGESTION_INVALID_VALUE', /type must be one of/],
    ['application/json', JSON.stringify([{ ...RENEWAL, started_at: 'last Tuesday' }]), '', 400, 'INGESTION_INVALID_VALUE', /started_at/],
    ['application/json', JSON.stringify([{ ...RENEWAL, utterances: [] }]), '', 400, 'INGESTION_NO_UTTERANCES', /no utterances/],
    ['application/json', JSON.stringify([{ ...RENEWAL, utterances: [{ text: 'y'.repeat(20_001) }] }]), '', 413, 'INGESTION_UTTERANCE_TOO_LONG', /limit is 20000/],
    ['application/json', JSON.stringify(Array.from({ length: 1_001 }, (_, i) => ({ ...RENEWAL, id: `many-${i}`, utterances: [{ text: 'hi' }] }))), '', 413, 'INGESTION_TOO_MANY_CONVERSATIONS', /1000/],
    ['text/vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nhi\n', '?id=v&type=call&started_at=2026-01-05T10:00:00Z', 400, 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 3: /],
    ['text/plain', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x00]), '?id=v&type=call&started_at=2026-01-05T10:00:00Z', 400, 'INGESTION_NOT_UTF8', /byte offset 1/],
    ['application/pdf', '%PDF-1.7', '', 415, 'INGESTION_UNSUPPORTED_MEDIA_TYPE', /application\/pdf/],
    ['application/json', '', '', 400, 'INGESTION_EMPTY_BODY', /JSON array/],
  ];
  const before = await rowCounts();
  for (const [type, body, query, status, code, message] of cases) {
    const reply = await upload(body, type, query);
    assert.equal(reply.status, status, `${code}: ${reply.text.slice(0, 300)}`);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(Object.keys(reply.json), ['error']);
    assert.equal(reply.json.error.code, code);
    assert.match(reply.json.error.message, message);
  }
  const unknown = await upload(JSON.stringify([RENEWAL, { ...RENEWAL, id: 'y', utterances: [{ speaker: 'Eve', text: 'x' }] }]), 'application/json');
  assert.equal(unknown.json.error.target, '[1].utterances[0].speaker');
  assert.deepEqual(await rowCounts(), before, 'the valid conversation of a refused upload was not stored either');
});

test('a body over the limit is refused with 413 before it is read; auth as for every import route', async () => {
  const before = await rowCounts();
  const huge = await upload(Buffer.alloc(8 * 1024 * 1024 + 1, 0x20), 'application/json');
  assert.equal(huge.status, 413);
  assert.equal(huge.json.error.code, 'INGESTION_BODY_TOO_LARGE');
  assert.match(huge.json.error.message, /larger than 8388608 bytes/);
  const anonymous = await upload(JSON.stringify([RENEWAL]), 'application/json', '', 'ctp_nope');
  assert.equal(anonymous.status, 401);
  const reader = await upload(JSON.stringify([RENEWAL]), 'application/json', '', readOnly);
  assert.equal(reader.status, 403);
  assert.equal(reader.json.error.code, 'IDENTITY_INSUFFICIENT_SCOPE');
  assert.deepEqual(await rowCounts(), before);
});
