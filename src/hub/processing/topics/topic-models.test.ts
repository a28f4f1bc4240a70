/**
 * Topic models end to end (docs/processing.md, "Topics"), with the
 * services' own task list on a real worker: uploaded conversations are
 * processed, the default model "All insights" is built from their
 * insights, new insights are linked at once, a conversation posted again
 * gives up its links, a rebuild keeps the ids of topics that survive, and a
 * model's filter bounds what it groups. The clustering is the real engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from 'graphile-worker';
import { sql } from 'kysely';
import { taskList } from '../../../services.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import { startWorker } from '../../../platform/jobs/worker.ts';
import { createLogger } from '../../../platform/logging/logger.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { importerFixture } from '../../../test-support/importer-fixture.ts';
import { eventually } from '../../../test-support/eventually.ts';
import { onCleanup } from '../../../test-support/cleanup.ts';
import { DEFAULT_MODEL } from './topic-models.ts';

const { db, data, database, acme, request, hub } = await importerFixture({ worker: false });
const worker = await startWorker(database, createLogger('silent'), taskList(db, loadConfig({ LOG_LEVEL: 'silent' })) as Record<string, Task>, { concurrency: 2, pollIntervalMs: 100 });
onCleanup(() => worker.stop());
const reader = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'read', scopes: ['api:read'] })).token;

const THEMES = {
  sso: [
    'We really need single sign-on with Okta before the rollout.',
    'Our IT team requires SSO through Azure AD for every login.',
    'Could you add SAML single sign-on so staff stop juggling passwords?',
    'Without SSO login our security team will not approve it.',
    'Please support Okta SSO, the separate login is a pain.',
    'We need SAML SSO for the login of all our employees.',
  ],
  invoices: [
    'The invoice was charged twice this month, we want a refund.',
    'Your invoices are too expensive compared to the quote we got.',
    'We were billed for twenty seats on the invoice but we only have ten.',
    'The price on the renewal invoice went up by thirty percent.',
    'Why does the invoice show a fee we never agreed to?',
    'Our invoice total is wrong again, the discount is missing.',
  ],
  export: [
    'The CSV export crashes every time we open the reports page.',
    'Exporting the report to CSV throws an error and the file is empty.',
    'The export button crashes the app when the report is large.',
    'Every CSV export of the report fails with a timeout error.',
    'The report export is broken, it crashes after a minute.',
    'Our CSV export gives an error since the last update.',
  ],
};

const conversation = (id: string, customerLines: readonly string[]) => ({
  id,
  type: 'call',
  title: `Call ${id}`,
  started_at: '2026-03-02T10:00:00Z',
  participants: [
    { name: 'Casey Customer', email: `casey-${id}@client.test`, role: 'customer' },
    { name: 'Riley Rep', email: 'riley@acme.test', role: 'internal' },
  ],
  utterances: customerLines.flatMap((text, i) => [
    { speaker: 'Riley Rep', text: 'Thanks for joining, what can we help with?', start_ms: i * 4000, end_ms: i * 4000 + 1500 },
    { speaker: 'Casey Customer', text, start_ms: i * 4000 + 2000, end_ms: i * 4000 + 3800 },
  ]),
});

async function upload(conversations: readonly object[]): Promise<void> {
  const reply = await request('POST', '/import/conversations', JSON.stringify(conversations), { 'content-type': 'application/json' });
  assert.equal(reply.status, 202, reply.text);
  await eventually(async () => {
    const job = await request('GET', `/import/job/${reply.json.job}`);
    return job.json.status === 'completed';
  }, 'the upload processed', 60_000);
}

async function model(id: string) {
  const { rows } = await sql<{ status: string; built_at: Date | null; error: string | null }>`
    select status, built_at, error from topic_models where tenant_id = ${acme.tenantId}::uuid and id = ${id}`.execute(db);
  return rows[0];
}

const builtAfter = (id: string, after: Date | null) =>
  eventually(async () => {
    const m = await model(id);
    return m?.status === 'ready' && m.built_at !== null && (after === null || m.built_at > after);
  }, `topic model ${id} built`, 120_000);

/** Each insight's topic in the model, by the insight's text. */
async function topicsOf(modelId: string) {
  const { rows } = await sql<{ text: string; topic_id: string; name: string }>`
    select i.text, t.id as topic_id, t.name from insights i
      join insight_topics l on l.tenant_id = i.tenant_id and l.insight_id = i.id
      join topics t on t.tenant_id = l.tenant_id and t.id = l.topic_id and t.topic_model_id = ${modelId}
    where i.tenant_id = ${acme.tenantId}::uuid`.execute(db);
  return new Map(rows.map((r) => [r.text, r]));
}

/** Every topic's insight_count equals its links. */
async function assertCountsExact(): Promise<void> {
  const { rows } = await sql<{ id: string; insight_count: number; links: number }>`
    select t.id, t.insight_count, (select count(*)::int from insight_topics l where l.tenant_id = t.tenant_id and l.topic_id = t.id) as links
    from topics t where t.tenant_id = ${acme.tenantId}::uuid`.execute(db);
  for (const row of rows) assert.equal(row.insight_count, row.links, `topic ${row.id}`);
}

const odata = async (path: string) => {
  const response = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${reader}` } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as { value: any[] };
};

async function conversationId(serviceId: string): Promise<string> {
  const { rows } = await sql<{ conversation_id: string }>`
    select conversation_id from conversation_sources where tenant_id = ${acme.tenantId}::uuid and service_id = ${serviceId}`.execute(db);
  return rows[0]!.conversation_id;
}

/** The topic holding most of a theme's insights, and how many of them it holds. */
async function themeTopic(theme: keyof typeof THEMES) {
  const topics = await topicsOf(DEFAULT_MODEL.id);
  const votes = new Map<string, number>();
  for (const line of THEMES[theme]) {
    const link = topics.get(line);
    if (link) votes.set(link.topic_id, (votes.get(link.topic_id) ?? 0) + 1);
  }
  const [id, count] = [...votes].sort((a, b) => b[1] - a[1])[0]!;
  return { id, count, name: [...topics.values()].find((l) => l.topic_id === id)!.name };
}

const themeOf = (text: string) => Object.entries(THEMES).find(([, lines]) => lines.includes(text))?.[0];

await upload(Object.entries(THEMES).flatMap(([theme, lines]) => lines.map((line, k) => conversation(`${theme}-${k}`, [line]))));
await builtAfter(DEFAULT_MODEL.id, null);

test('uploaded conversations build the default model: one topic per theme, counted exactly, named from their terms, served by OData', async () => {
  const topics = await topicsOf(DEFAULT_MODEL.id);
  const byTheme = new Map<string, Set<string>>();
  for (const [text, link] of topics) {
    const theme = themeOf(text);
    if (theme) byTheme.set(theme, (byTheme.get(theme) ?? new Set()).add(link.topic_id));
  }
  assert.equal(byTheme.size, 3, 'every theme has linked insights');
  const majorities = await Promise.all((['sso', 'invoices', 'export'] as const).map(themeTopic));
  assert.equal(new Set(majorities.map((m) => m.id)).size, 3, 'the themes lie in three different topics');
  assert.ok(majorities.every((m) => m.count >= 4), `most of each theme in its topic: ${majorities.map((m) => m.count)}`);
  assert.match(majorities[0]!.name.toLowerCase(), /sso|sign|okta|saml|login/);
  assert.match(majorities[1]!.name.toLowerCase(), /invoice|bill|price|refund/);
  await assertCountsExact();

  const served = await odata(`/odata/TopicModels('${DEFAULT_MODEL.id}')/Topics?$select=id,name,insight_count,keywords&$orderby=insight_count desc`);
  assert.ok(served.value.length >= 3);
  assert.ok(served.value.every((t) => t.insight_count > 0 && Array.isArray(t.keywords) && t.keywords.length > 0));
});

test('a new insight is linked to its nearest topic when its conversation is processed, and its topic counts it', async () => {
  const ssoTopic = (await themeTopic('sso')).id;
  const { rows: [count] } = await sql<{ n: number }>`select insight_count as n from topics where tenant_id = ${acme.tenantId}::uuid and id = ${ssoTopic}`.execute(db);
  await upload([conversation('late-sso', ['We need Okta single sign-on for the login, the SAML kind.'])]);
  const after = await topicsOf(DEFAULT_MODEL.id);
  assert.equal(after.get('We need Okta single sign-on for the login, the SAML kind.')?.topic_id, ssoTopic);
  const { rows: [now] } = await sql<{ n: number }>`select insight_count as n from topics where tenant_id = ${acme.tenantId}::uuid and id = ${ssoTopic}`.execute(db);
  assert.equal(now!.n, count!.n + 1);
  await assertCountsExact();
});

test('a conversation posted again without its insights gives up their links, and the counts follow', async () => {
  await upload([conversation('late-sso', ['Thanks, that is all for today.'])]);
  const after = await topicsOf(DEFAULT_MODEL.id);
  assert.equal(after.has('We need Okta single sign-on for the login, the SAML kind.'), false);
  const { rows } = await sql`
    select 1 from insight_topics l where l.tenant_id = ${acme.tenantId}::uuid
      and not exists (select 1 from insights i where i.tenant_id = l.tenant_id and i.id = l.insight_id)`.execute(db);
  assert.equal(rows.length, 0, 'no link outlives its insight');
  const { rows: left } = await sql`select 1 from insights where tenant_id = ${acme.tenantId}::uuid and conversation_id = ${await conversationId('late-sso')}`.execute(db);
  assert.equal(left.length, 0);
  await assertCountsExact();
});

/** Each link of the tenant with the transaction that wrote it (xmin): a link written again gets a new one. */
const linkWrites = async () =>
  new Map((await sql<{ key: string; xmin: string }>`select insight_id || ' ' || topic_id as key, xmin::text from insight_topics where tenant_id = ${acme.tenantId}::uuid`.execute(db)).rows.map((r) => [r.key, r.xmin]));

test('POST /api/topic-models/{id}/rebuild rebuilds the model and topics that survive keep their ids; links that stay are not written again', async () => {
  const before = await topicsOf(DEFAULT_MODEL.id);
  const writesBefore = await linkWrites();
  const { built_at } = (await model(DEFAULT_MODEL.id))!;
  const reply = await request('POST', `/api/topic-models/${DEFAULT_MODEL.id}/rebuild`);
  assert.equal(reply.status, 202, reply.text);
  assert.equal(reply.json.status, 'pending');
  assert.equal(reply.headers.get('location'), `/odata/TopicModels('${DEFAULT_MODEL.id}')`);
  await builtAfter(DEFAULT_MODEL.id, built_at);
  const after = await topicsOf(DEFAULT_MODEL.id);
  let kept = 0;
  for (const [text, link] of before) if (after.get(text)?.topic_id === link.topic_id) kept++;
  assert.ok(kept >= before.size * 0.8, `${kept} of ${before.size} insights kept their topic id`);
  const writesAfter = await linkWrites();
  const stayed = [...writesAfter.keys()].filter((key) => writesBefore.has(key));
  assert.ok(stayed.length >= kept, 'every insight that kept its topic kept its link');
  assert.deepEqual(stayed.filter((key) => writesAfter.get(key) !== writesBefore.get(key)), [], 'a link that stays is not deleted and inserted again');
  await assertCountsExact();
});

test('a model created with a filter groups only the insights the filter selects', async () => {
  const reply = await request('POST', '/api/topic-models', JSON.stringify({ name: 'Bugs', filter: "type eq 'bug'" }), { 'content-type': 'application/json' });
  assert.equal(reply.status, 201, reply.text);
  assert.equal(reply.json.status, 'pending');
  await builtAfter(reply.json.id, null);
  const { rows } = await sql<{ type: string }>`
    select distinct i.type from insights i join insight_topics l on l.tenant_id = i.tenant_id and l.insight_id = i.id
      join topics t on t.tenant_id = l.tenant_id and t.id = l.topic_id
    where i.tenant_id = ${acme.tenantId}::uuid and t.topic_model_id = ${reply.json.id}`.execute(db);
  assert.deepEqual(rows.map((r) => r.type), ['bug']);
  const deleted = await request('DELETE', `/api/topic-models/${reply.json.id}`);
  assert.equal(deleted.status, 204);
  const { rows: left } = await sql`select 1 from topics where tenant_id = ${acme.tenantId}::uuid and topic_model_id = ${reply.json.id}`.execute(db);
  assert.equal(left.length, 0);
});

test('a model whose filter fails on the data does not fail the conversations; the others still get their topics', async () => {
  await data.insertInto('topic_models').values({ tenant_id: acme.tenantId, id: 'broken', name: 'Broken', filter: "matchesPattern(text, '(')", status: 'ready', created_at: new Date() }).execute();
  await sql`insert into topic_model_states (tenant_id, topic_model_id, state, topic_ids, built_from)
    select tenant_id, 'broken', state, array(select 'broken-' || id from unnest(topic_ids) id), built_from from topic_model_states where tenant_id = ${acme.tenantId}::uuid and topic_model_id = ${DEFAULT_MODEL.id}`.execute(db);
  await sql`update topic_models set built_at = now() where tenant_id = ${acme.tenantId}::uuid and id = 'broken'`.execute(db);
  try {
    await upload([conversation('with-broken-model', ['The CSV export crashes with an error again.'])]);
    const { rows } = await sql<{ status: string }>`select status from conversations where tenant_id = ${acme.tenantId}::uuid and id = ${await conversationId('with-broken-model')}`.execute(db);
    assert.equal(rows[0]!.status, 'processed');
    assert.ok((await topicsOf(DEFAULT_MODEL.id)).has('The CSV export crashes with an error again.'));
  } finally {
    await sql`delete from topic_model_states where tenant_id = ${acme.tenantId}::uuid and topic_model_id = 'broken'`.execute(db);
    await sql`delete from topic_models where tenant_id = ${acme.tenantId}::uuid and id = 'broken'`.execute(db);
  }
});

test('a model that has grown is rebuilt a minute later, not during the uploads; a user\u2019s rebuild brings it forward', async () => {
  const pendingRun = async () => {
    const { rows } = await sql<{ seconds: number }>`
      select extract(epoch from run_at - now())::float8 as seconds from graphile_worker.jobs where key = ${`topics:rebuild:${acme.tenantId}:${DEFAULT_MODEL.id}`} and locked_at is null`.execute(db);
    return rows[0]?.seconds;
  };
  await eventually(async () => (await model(DEFAULT_MODEL.id))?.status === 'ready' && (await pendingRun()) === undefined, 'no rebuild pending');
  const { rows } = await sql<{ built_from: number }>`select built_from from topic_model_states where tenant_id = ${acme.tenantId}::uuid and topic_model_id = ${DEFAULT_MODEL.id}`.execute(db);
  const lines = Object.values(THEMES).flat();
  const grown = Math.max(rows[0]!.built_from, 20) + 1;
  await upload(Array.from({ length: grown }, (_, i) => conversation(`growth-${i}`, [lines[i % lines.length]!])));
  const growth = await pendingRun();
  assert.ok(growth !== undefined && growth > 30, `the growth rebuild waits about a minute (due in ${growth} s)`);
  assert.equal((await model(DEFAULT_MODEL.id))?.status, 'pending');
  const reply = await request('POST', `/api/topic-models/${DEFAULT_MODEL.id}/rebuild`);
  assert.equal(reply.status, 202, reply.text);
  const requested = await pendingRun();
  assert.ok(requested === undefined || requested < 5, `the user's rebuild runs within seconds (due in ${requested} s)`);
  const { built_at } = (await model(DEFAULT_MODEL.id))!;
  await builtAfter(DEFAULT_MODEL.id, built_at);
});
