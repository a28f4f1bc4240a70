/**
 * `commontime demo`: fills a tenant with realistic, internally consistent
 * data for every entity set, so a newcomer can query something at once and
 * benchmarks have a large tenant (docs/processing.md "Demo data").
 *
 * Two kinds of data, loaded in one transaction (a failed load leaves the
 * tenant untouched):
 *
 * - the records a workspace imports (owners, accounts, contacts, leads,
 *   opportunities, cases, labels, objects, tracker projects, issues and
 *   comments, calls, calendar events, chats): synthetic rows, streamed
 *   with COPY;
 * - the conversations: synthetic transcripts (conversation-scripts.ts)
 *   whose participants are the demo's owners, contacts and other people at
 *   the accounts' domains, stored by the real ingestion.
 *
 * Then the real pipeline processes them in this process (process-task.ts
 * `processWaiting`, larger batches than the job's), and the workspace's
 * default topic model is built (rebuild-topics.ts): every participant match,
 * fragment, sentiment, insight, topic and tracker link is the pipeline's
 * own output. A job worker running beside it (`start --demo`) may take
 * some batches; the demo waits for those too.
 *
 * Every generated row is a pure function of its index and the seed (faker
 * reseeded per entity, a cheap integer hash for the attributes every pass
 * needs), so the same seed gives the same words; conversations get the ids
 * `conv-0000000`, … so that the pipeline's ids follow from them.
 */
import { Faker, en } from '@faker-js/faker';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import { onClient } from '../../platform/db/client-kysely.ts';
import { ENTITY_SETS } from '../odata/model/registry.ts';
import { SERVICE } from '../odata/model/services.ts';
import { checkConversation, type ConversationInput } from '../processing/ingestion/conversation-input.ts';
import { ingestConversations } from '../processing/ingestion/ingest-conversations.ts';
import type { PipelineOptions } from '../processing/pipeline/pipeline-options.ts';
import { processWaiting } from '../processing/pipeline/process-task.ts';
import { rebuildTopicModel } from '../processing/topics/rebuild-topics.ts';
import { DEFAULT_MODEL, ensureDefaultModel } from '../processing/topics/topic-models.ts';
import { trackerIssuesChanged } from '../processing/tracker-linking/tracker-changes.ts';
import { COMPETITORS, INSIGHT_TYPES, issueTitle, transcript, type InsightType } from './conversation-scripts.ts';
import { copyRows, type Cell } from './copy-rows.ts';
import { linkColumns, setColumns, type DemoTable } from './demo-columns.ts';
import { counts, type Scale } from './scales.ts';

const CONVERSATION_TYPES = [
  { type: 'call', service: SERVICE.gong, weight: 4 },
  { type: 'meeting', service: SERVICE.zoom, weight: 2 },
  { type: 'chat', service: SERVICE.intercom, weight: 2 },
  { type: 'ticket', service: SERVICE.zendesk, weight: 1 },
  { type: 'email', service: SERVICE.gmail, weight: 1 },
] as const;
const LABELS = ['Renewal', 'Onboarding', 'Escalation', 'Upsell', 'Churn risk', 'VIP', 'Trial', 'Partner'];
const STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const REGIONS = ['EMEA', 'NA', 'APAC', 'LATAM'];
const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com'];
const DAY = 86_400_000;
/** Conversations per ingestion statement: the upload's limit. */
const INGEST_CHUNK = 1_000;
/** Conversations per pipeline transaction: a bulk load takes fewer, larger ones than the job's runs. */
const DEMO_BATCH = 200;
/** Link tables the counts report beside the sets' tables. */
const LINK_TABLES = ['insight_topics', 'tracker_issue_insights', 'conversation_labels'];

const pad = (prefix: string, i: number) => `${prefix}-${String(i).padStart(7, '0')}`;
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** A uniform number in [0, 1) from (seed, stream, index): a splitmix32-style integer hash, no state. */
function unit(seed: number, stream: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(i + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export interface DemoOptions {
  /** The pipeline as the process runs it (services.ts `pipelineOptions`). */
  readonly pipeline: PipelineOptions;
  /** TOPICS_BUILD_MEMORY_MB: the heap of each topic build. */
  readonly topicsMemoryMb: number;
  readonly logger: Logger;
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

export interface DemoResult {
  /** Rows of the tenant per table, after processing and the topic builds. */
  readonly rows: Readonly<Record<string, number>>;
  readonly seconds: { readonly load: number; readonly processing: number; readonly topics: number; readonly total: number };
}

export async function loadDemoData(database: Pick<DatabaseHandle, 'db' | 'pool'>, tenantId: string, scale: Scale, options: DemoOptions): Promise<DemoResult> {
  const { db, pool } = database;
  const { logger } = options;
  const seed = options.seed ?? 42;
  const signal = options.signal ?? new AbortController().signal;
  const n = counts(scale);
  const f = new Faker({ locale: [en] });
  const now = Date.UTC(2026, 10, 1);
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const entity = (kind: number, i: number) => f.seed(seed * 1_000_003 + kind * 10_000_019 + i);
  const totalWeight = CONVERSATION_TYPES.reduce((sum, t) => sum + t.weight, 0);
  const conversationKind = (i: number) => {
    let pick = unit(seed, 1, i) * totalWeight;
    for (const t of CONVERSATION_TYPES) if ((pick -= t.weight) < 0) return t;
    return CONVERSATION_TYPES[0];
  };
  const insightType = (i: number): InsightType => INSIGHT_TYPES[Math.floor(unit(seed, 2, i) * INSIGHT_TYPES.length)]!;
  const fullTranscript = (i: number) => unit(seed, 3, i) < scale.fragmentShare;
  const accountOf = (i: number) => i % n.accounts;
  const companies = Array.from({ length: n.accounts }, (_, a) => (entity(2, a), f.company.name()));
  const domains = companies.map((name, a) => `${slug(name)}${a}.example`);
  const owners: { name: string; email: string }[] = [];
  const contacts: { name: string; email: string }[] = [];

  const started = performance.now();
  const client = await pool.connect();
  const trx = onClient(client);
  const load = async ({ table, columns }: DemoTable, generate: () => Iterable<Cell[]>) => {
    const t0 = Date.now();
    const loaded = await copyRows(client, table, ['tenant_id', ...columns], (function* () {
      for (const row of generate()) {
        if (row.length !== columns.length) throw new Error(`${table}: a demo row has ${row.length} cells for the registry's ${columns.length} columns (${columns.join(', ')})`);
        yield [tenantId, ...row];
      }
    })());
    logger.info({ table, rows: loaded, ms: Date.now() - t0 }, 'demo data loaded');
  };

  const conversation = (i: number) => {
    const a = accountOf(i);
    const startedAt = new Date(now - Math.floor(unit(seed, 8, i) * 365 * DAY));
    const duration = 120 + Math.floor(unit(seed, 9, i) * 3480);
    return { kind: conversationKind(i), type: insightType(i), a, startedAt, duration, company: companies[a]! };
  };

  /** Conversation `i` as an upload would send it: its owner, one or two people of its account, what they said. */
  const conversationInput = (i: number): ConversationInput => {
    const c = conversation(i);
    entity(10, i);
    const owner = owners[c.a % n.owners]!;
    const contactOfAccount = (k: number) => contacts[(c.a + k * n.accounts) % n.contacts]!;
    const who = unit(seed, 4, i);
    // Most customers are contacts of the CRM; some are colleagues of theirs (the account's domain), a few write from free mail.
    const customer = who < 0.75 ? contactOfAccount(i) : who < 0.95 ? { name: f.person.fullName(), email: `${slug(f.person.firstName())}@${domains[c.a]}` } : { name: f.person.fullName(), email: `${slug(f.person.lastName())}${i}@${f.helpers.arrayElement(FREE_MAIL)}` };
    const colleague = c.kind.type === 'meeting' ? contactOfAccount(i + 1) : undefined;
    const lines = transcript(f, c.kind.type, c.type, fullTranscript(i), colleague !== undefined && colleague.email !== customer.email);
    // A line stands for its stretch of the conversation, so talk time adds up to the conversation's length as a call's would.
    const slot = Math.floor((c.duration * 1000) / lines.length);
    const utterances = lines.map((line, k) => {
      const start = k * slot + Math.floor(unit(seed, 5, i * 64 + k) * 2_000);
      const end = (k + 1) * slot - 500;
      const speaker = line.speaker === 'company' ? owner.email : line.speaker === 'colleague' ? colleague!.email : customer.email;
      return { speaker, start_ms: start, end_ms: end, text: line.text };
    });
    const participants = [
      { name: owner.name, email: owner.email, role: 'internal' },
      { name: customer.name, email: customer.email, role: 'customer' },
      ...(colleague && colleague.email !== customer.email ? [{ name: colleague.name, email: colleague.email, role: 'customer' }] : []),
    ];
    return {
      id: `demo-${i}`,
      service: c.kind.service,
      type: c.kind.type,
      title: `${c.company}: ${c.kind.type} with ${customer.name}`,
      started_at: c.startedAt.toISOString(),
      ended_at: new Date(c.startedAt.getTime() + c.duration * 1000).toISOString(),
      language: 'en',
      direction: i % 3 === 0 ? 'outbound' : 'inbound',
      participants,
      utterances,
    };
  };

  try {
    await client.query('begin');
    const { rows: [existing] } = await client.query('select count(*)::int as n from conversations where tenant_id = $1', [tenantId]);
    if (existing.n > 0) throw new Error('this workspace already has conversations; demo data goes into an empty workspace');

    await load(setColumns('Owners'), function* () {
      for (let i = 0; i < n.owners; i++) {
        entity(3, i);
        const first = f.person.firstName();
        const last = f.person.lastName();
        const email = `${slug(first)}.${slug(last)}@commontime-demo.test`;
        owners.push({ name: `${first} ${last}`, email });
        yield [pad('own', i), first, last, email, f.helpers.arrayElement(['Account Executive', 'CSM', 'SDR', 'Sales Manager']), i % 10 !== 9, at(900), at(f.number.int({ min: 1, max: 300 }))];
      }
    });
    await load(setColumns('Accounts'), function* () {
      for (let a = 0; a < n.accounts; a++) {
        entity(2, a);
        f.company.name();
        yield [pad('acc', a), companies[a]!, `https://${domains[a]}`, domains[a]!, f.commerce.department(), f.number.int({ min: 1, max: 900 }) * 100_000, f.number.int({ min: 5, max: 20_000 }), pad('own', a % n.owners), f.helpers.arrayElement(REGIONS), f.location.country(), SERVICE.salesforce, f.string.alphanumeric(18), at(f.number.int({ min: 300, max: 1500 })), at(f.number.int({ min: 0, max: 300 }))];
      }
    });
    await load(setColumns('Contacts'), function* () {
      for (let c = 0; c < n.contacts; c++) {
        entity(4, c);
        const first = f.person.firstName();
        const last = f.person.lastName();
        const a = c % n.accounts;
        const email = `${slug(first)}.${slug(last)}.${c}@${domains[a]}`;
        contacts.push({ name: `${first} ${last}`, email });
        yield [pad('con', c), first, last, email, f.phone.number(), f.person.jobTitle(), pad('acc', a), f.commerce.department(), f.helpers.arrayElement(['Web', 'Event', 'Referral', 'Outbound']), pad('own', a % n.owners), f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 200, max: 1200 })), at(f.number.int({ min: 0, max: 200 }))];
      }
    });
    await load(setColumns('Leads', ['phone', 'website', 'industry', 'annual_revenue', 'number_of_employees', 'converted_date', 'converted_account_id', 'converted_contact_id', 'converted_opportunity_id', 'account_id']), function* () {
      for (let l = 0; l < n.leads; l++) {
        entity(5, l);
        const [first, last, title, company] = [f.person.firstName(), f.person.lastName(), f.person.jobTitle(), f.company.name()];
        const [status, leadSource] = [f.helpers.arrayElement(['New', 'Working', 'Nurturing', 'Qualified']), f.helpers.arrayElement(['Web', 'Event', 'Referral'])];
        yield [pad('lead', l), first, last, title, company, `${slug(first)}.${l}@prospect.example`, leadSource, status, pad('own', l % n.owners), l % 7 === 0, f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 30, max: 600 })), at(f.number.int({ min: 0, max: 30 }))];
      }
    });
    await load(setColumns('Opportunities', ['lead_source']), function* () {
      for (let o = 0; o < n.opportunities; o++) {
        entity(6, o);
        const a = o % n.accounts;
        const stage = f.helpers.arrayElement(STAGES);
        yield [pad('opp', o), `${companies[a]} ${f.helpers.arrayElement(['expansion', 'renewal', 'new business'])}`, pad('acc', a), pad('own', a % n.owners), stage, (entity(6, o), f.number.int({ min: 50, max: 5000 }) * 100), 'USD', at(f.number.int({ min: -90, max: 180 })).toISOString().slice(0, 10), stage.startsWith('Closed') ? (stage === 'Closed Won' ? 100 : 0) : f.number.int({ min: 10, max: 90 }), stage.startsWith('Closed'), stage === 'Closed Won', f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 100, max: 500 })), at(f.number.int({ min: 0, max: 100 }))];
      }
    });
    await load(setColumns('Cases', ['description', 'closed_at']), function* () {
      for (let k = 0; k < n.cases; k++) {
        entity(7, k);
        yield [pad('case', k), issueTitle(f), f.helpers.arrayElement(['New', 'Open', 'Pending', 'Closed']), f.helpers.arrayElement(['Low', 'Medium', 'High']), f.helpers.arrayElement(['Email', 'Chat', 'Phone']), pad('acc', k % n.accounts), pad('con', k % n.contacts), pad('own', k % n.owners), at(f.number.int({ min: 10, max: 400 })), at(f.number.int({ min: 0, max: 10 }))];
      }
    });
    await load(setColumns('TrackerProjects'), function* () {
      for (const [k, key] of ['CORE', 'INT', 'MOB'].entries()) yield [`proj-${k}`, key, ['Core platform', 'Integrations', 'Mobile'][k]!, SERVICE.jira, `1000${k}`, `https://jira.example/projects/${key}`, at(700), at(5)];
    });
    // Issues about what the customers raise, so that tracker linking finds the insights that match them.
    await load(setColumns('TrackerIssues', ['description', 'assignee']), function* () {
      for (let k = 0; k < n.trackerIssues; k++) {
        entity(12, k);
        yield [`issue-${k}`, `proj-${k % 3}`, `${['CORE', 'INT', 'MOB'][k % 3]}-${k + 1}`, issueTitle(f), f.helpers.arrayElement(['To Do', 'In Progress', 'Done']), f.helpers.arrayElement(['Low', 'Medium', 'High']), f.helpers.arrayElement(['Bug', 'Story', 'Task']), `https://jira.example/browse/${k}`, 0, at(200), at(k % 20)];
      }
    });
    await load(setColumns('TrackerComments'), function* () {
      for (let k = 0; k < n.trackerIssues * 2; k++) yield [`comment-${k}`, `issue-${k % n.trackerIssues}`, 'demo engineer', 'Customers keep asking about this one on calls.', at(50), at(k % 20)];
    });
    await trackerIssuesChanged(trx, tenantId);

    const t0 = Date.now();
    for (let from = 0; from < n.conversations; from += INGEST_CHUNK) {
      signal.throwIfAborted();
      const ids = Array.from({ length: Math.min(INGEST_CHUNK, n.conversations - from) }, (_, k) => from + k);
      const checked = ids.map((i) => checkConversation(conversationInput(i), { label: `Demo conversation ${i}`, target: (path) => path }));
      await ingestConversations(trx, tenantId, checked, { ids: ids.map((i) => pad('conv', i)) });
    }
    logger.info({ table: 'conversations', rows: n.conversations, ms: Date.now() - t0 }, 'demo conversations ingested');

    await load(setColumns('Labels'), function* () {
      for (const [k, name] of LABELS.entries()) yield [`label-${k}`, name, ['#0969da', '#1a7f37', '#cf222e', '#8250df', '#bf8700', '#0550ae', '#57606a', '#953800'][k]!, at(400), at(10)];
    });
    await load(linkColumns('conversation_labels'), function* () {
      for (let i = 0; i < n.conversations; i += 5) yield [pad('conv', i), `label-${i % LABELS.length}`];
    });
    await load(setColumns('Calls', ['recording_url', 'contact_id']), function* () {
      for (let i = 0; i < n.conversations; i++) {
        const c = conversation(i);
        if (c.kind.type !== 'call') continue;
        yield [`call-${i}`, pad('conv', i), i % 3 === 0 ? 'outbound' : 'inbound', `+1555${String(i).padStart(7, '0')}`, `+1666${String(c.a).padStart(7, '0')}`, c.duration, 'completed', pad('acc', c.a), pad('own', c.a % n.owners), c.startedAt, c.startedAt];
      }
    });
    await load(setColumns('CalendarEvents', ['location']), function* () {
      for (let i = 0; i < n.conversations; i++) {
        const c = conversation(i);
        if (c.kind.type !== 'meeting') continue;
        const owner = owners[c.a % n.owners]!.email;
        yield [`event-${i}`, `Meeting with ${c.company}`, c.startedAt, new Date(c.startedAt.getTime() + c.duration * 1000), owner, [owner, contacts[(c.a + i * n.accounts) % n.contacts]!.email], pad('conv', i), c.startedAt, c.startedAt];
      }
    });
    await load(setColumns('Chats'), function* () {
      yield ['chat-0', 'demo-analyst', 'Why are enterprise customers churning?', at(3), at(5), at(3)];
      yield ['chat-1', 'demo-analyst', 'Top feature requests this quarter', at(1), at(2), at(1)];
    });
    await load(setColumns('ChatMessages'), function* () {
      yield ['msg-0', 'chat-0', 'user', 'Why are enterprise customers churning?', at(5)];
      yield ['msg-1', 'chat-0', 'assistant', 'Most churn-risk insights mention slow reports and pricing at renewal.', at(5)];
      yield ['msg-2', 'chat-1', 'user', 'What are the top feature requests this quarter?', at(2)];
      yield ['msg-3', 'chat-1', 'assistant', 'SSO with Okta, a Salesforce sync and bulk export lead the list.', at(2)];
    });
    await load(setColumns('Objects'), function* () {
      for (let o = 0; o < n.objects; o++) yield [`obj-${o}`, o % 2 ? 'Contract' : 'Subscription', `${o % 2 ? 'Contract' : 'Subscription'} ${o}`, SERVICE.salesforce, `a0${o}`, at(300), at(o % 30)];
    });
    await ensureDefaultModel(trx, tenantId);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  // Fresh statistics for the tables the load just grew, so the pipeline's statements are planned for what they hold.
  await sql`analyze conversations, conversation_sources, participants, contacts, accounts, opportunities, owners, tracker_issues`.execute(db);
  const loaded = performance.now();

  // The demo's customers name these competitors; the workspace's own list (COMPETITORS) is kept beside them.
  const pipeline: PipelineOptions = { ...options.pipeline, analyzerOptions: { ...options.pipeline.analyzerOptions, competitors: [...new Set([...options.pipeline.analyzerOptions.competitors, ...COMPETITORS])] } };
  // Batches a job worker claimed meanwhile are its to finish; conversations a run released are waiting again.
  for (;;) {
    await processWaiting(db, tenantId, pipeline, signal, { batchSize: DEMO_BATCH, maxBatches: Infinity });
    if (!(await unfinished(db, tenantId))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const processed = performance.now();
  logger.info({ conversations: n.conversations, ms: Math.round(processed - loaded) }, 'demo conversations processed');

  // The default model only: every build starts a worker thread (seconds of start-up), and a user's models are theirs to add.
  const built = await rebuildTopicModel(db, tenantId, DEFAULT_MODEL.id, { memoryMb: options.topicsMemoryMb, embeddings: pipeline.embeddings, logger, signal });
  if (built.status !== 'ready') throw new Error(`demo: the conversations are loaded and processed, but the topic model ${DEFAULT_MODEL.id} did not build (${built.error ?? built.status}); try again with \`commontime topics rebuild --tenant ${tenantId}\``);
  logger.info({ model: DEFAULT_MODEL.id, insights: built.insights, topics: built.topics, seconds: built.seconds }, 'demo topics built');
  const finished = performance.now();

  const rows: Record<string, number> = {};
  for (const table of [...ENTITY_SETS.map((set) => set.table), ...LINK_TABLES]) {
    const { rows: [count] } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}::uuid`.execute(db);
    rows[table] = count!.n;
  }
  const s = (ms: number) => Math.round(ms) / 1000;
  return { rows, seconds: { load: s(loaded - started), processing: s(processed - loaded), topics: s(finished - processed), total: s(finished - started) } };
}

async function unfinished(db: DatabaseHandle['db'], tenantId: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from conversations where tenant_id = ${tenantId}::uuid and status in ('pending', 'processing')`.execute(db);
  return rows[0]!.n > 0;
}
