/**
 * `commontime demo`: fills a tenant with realistic, internally consistent
 * synthetic data for every entity set (accounts with contacts and deals,
 * conversations with participants and content, insights grouped into
 * topics, tracker issues…), so a newcomer can query something at once and
 * benchmarks have a large tenant.
 *
 * Every row is a pure function of its index and the seed (faker reseeded
 * per entity for text, a cheap integer hash for the attributes that every
 * pass over the conversations needs), so each table is produced in its own
 * streaming COPY pass and references between tables agree. Only names that
 * many rows repeat are cached (owners, contacts, companies: a fifth of the
 * conversations at most). The whole load is one transaction: a failed run
 * leaves the tenant untouched.
 */
import { Faker, en } from '@faker-js/faker';
import type pg from 'pg';
import type { Logger } from '../../platform/logging/logger.ts';
import { INSIGHT_TYPES, keyLine, script, summaryFor, type InsightType } from './conversation-scripts.ts';
import { copyRows, type Cell } from './copy-rows.ts';
import { linkColumns, setColumns, type DemoTable } from './demo-columns.ts';
import { counts, type Scale } from './scales.ts';
import { SERVICE } from '../odata/model/services.ts';

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
const DAY = 86_400_000;

const pad = (prefix: string, i: number) => `${prefix}-${String(i).padStart(7, '0')}`;

/** A uniform number in [0, 1) from (seed, stream, index): a splitmix32-style integer hash, no state. */
function unit(seed: number, stream: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(i + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export interface DemoResult {
  readonly rows: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export async function loadDemoData(pool: pg.Pool, tenantId: string, scale: Scale, logger: Logger, seed = 42): Promise<DemoResult> {
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
  const insightType = (i: number): InsightType => INSIGHT_TYPES[i % INSIGHT_TYPES.length]!;
  const hasFragments = (i: number) => (i * 7919) % 1000 < scale.fragmentShare * 1000;
  const accountOf = (i: number) => i % n.accounts;
  const companies = Array.from({ length: n.accounts }, (_, a) => (entity(2, a), f.company.name()));
  const companyName = (a: number) => companies[a]!;
  const ownerNames: string[] = [];
  const contactNames: string[] = [];

  const rows: Record<string, number> = {};
  const started = Date.now();
  const client = await pool.connect();
  const load = async ({ table, columns }: DemoTable, generate: () => Iterable<Cell[]>) => {
    const t0 = Date.now();
    rows[table] = await copyRows(client, table, ['tenant_id', ...columns], (function* () {
      for (const row of generate()) {
        if (row.length !== columns.length) throw new Error(`${table}: a demo row has ${row.length} cells for the registry's ${columns.length} columns (${columns.join(', ')})`);
        yield [tenantId, ...row];
      }
    })());
    logger.info({ table, rows: rows[table], ms: Date.now() - t0 }, 'demo data loaded');
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
        ownerNames.push(`${first} ${last}`);
        yield [pad('own', i), first, last, `${first}.${last}@commontime-demo.test`.toLowerCase(), f.helpers.arrayElement(['Account Executive', 'CSM', 'SDR', 'Sales Manager']), i % 10 !== 9, at(900), at(f.number.int({ min: 1, max: 300 }))];
      }
    });
    await load(setColumns('Accounts'), function* () {
      for (let a = 0; a < n.accounts; a++) {
        const name = companyName(a);
        const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
        yield [pad('acc', a), name, `https://${domain}`, domain, f.commerce.department(), f.number.int({ min: 1, max: 900 }) * 100_000, f.number.int({ min: 5, max: 20_000 }), pad('own', a % n.owners), f.helpers.arrayElement(REGIONS), f.location.country(), SERVICE.salesforce, f.string.alphanumeric(18), at(f.number.int({ min: 300, max: 1500 })), at(f.number.int({ min: 0, max: 300 }))];
      }
    });
    await load(setColumns('Contacts'), function* () {
      for (let c = 0; c < n.contacts; c++) {
        entity(4, c);
        const first = f.person.firstName();
        const last = f.person.lastName();
        contactNames.push(`${first} ${last}`);
        const a = c % n.accounts;
        yield [pad('con', c), first, last, `${first}.${last}.${c}@customer.example`.toLowerCase(), f.phone.number(), f.person.jobTitle(), pad('acc', a), f.commerce.department(), f.helpers.arrayElement(['Web', 'Event', 'Referral', 'Outbound']), pad('own', a % n.owners), f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 200, max: 1200 })), at(f.number.int({ min: 0, max: 200 }))];
      }
    });
    await load(setColumns('Leads', ['phone', 'website', 'industry', 'annual_revenue', 'number_of_employees', 'converted_date', 'converted_account_id', 'converted_contact_id', 'converted_opportunity_id', 'account_id']), function* () {
      for (let l = 0; l < n.leads; l++) {
        entity(5, l);
        const [first, last, title, company] = [f.person.firstName(), f.person.lastName(), f.person.jobTitle(), f.company.name()];
        const [status, leadSource] = [f.helpers.arrayElement(['New', 'Working', 'Nurturing', 'Qualified']), f.helpers.arrayElement(['Web', 'Event', 'Referral'])];
        yield [pad('lead', l), first, last, title, company, `${first}.${l}@prospect.example`.toLowerCase(), leadSource, status, pad('own', l % n.owners), l % 7 === 0, f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 30, max: 600 })), at(f.number.int({ min: 0, max: 30 }))];
      }
    });
    await load(setColumns('Opportunities', ['lead_source']), function* () {
      for (let o = 0; o < n.opportunities; o++) {
        entity(6, o);
        const a = o % n.accounts;
        const stage = f.helpers.arrayElement(STAGES);
        yield [pad('opp', o), `${companyName(a)} ${f.helpers.arrayElement(['expansion', 'renewal', 'new business'])}`, pad('acc', a), pad('own', a % n.owners), stage, (entity(6, o), f.number.int({ min: 50, max: 5000 }) * 100), 'USD', at(f.number.int({ min: -90, max: 180 })).toISOString().slice(0, 10), stage.startsWith('Closed') ? (stage === 'Closed Won' ? 100 : 0) : f.number.int({ min: 10, max: 90 }), stage.startsWith('Closed'), stage === 'Closed Won', f.helpers.arrayElement(REGIONS), at(f.number.int({ min: 100, max: 500 })), at(f.number.int({ min: 0, max: 100 }))];
      }
    });
    await load(setColumns('Cases', ['description', 'closed_at']), function* () {
      for (let k = 0; k < n.cases; k++) {
        entity(7, k);
        yield [pad('case', k), `${f.helpers.arrayElement(['Cannot', 'Unable to', 'Error when trying to'])} ${f.hacker.verb()} ${f.hacker.noun()}`, f.helpers.arrayElement(['New', 'Open', 'Pending', 'Closed']), f.helpers.arrayElement(['Low', 'Medium', 'High']), f.helpers.arrayElement(['Email', 'Chat', 'Phone']), pad('acc', k % n.accounts), pad('con', k % n.contacts), pad('own', k % n.owners), at(f.number.int({ min: 10, max: 400 })), at(f.number.int({ min: 0, max: 10 }))];
      }
    });

    const conversation = (i: number) => {
      const a = accountOf(i);
      const startedAt = new Date(now - Math.floor(unit(seed, 8, i) * 365 * DAY));
      const duration = 120 + Math.floor(unit(seed, 9, i) * 3480);
      return { kind: conversationKind(i), type: insightType(i), a, startedAt, duration, company: companyName(a) };
    };
    await load(setColumns('Conversations', ['opportunity_id', 'processing_error', 'analyzer', 'keywords']), function* () {
      for (let i = 0; i < n.conversations; i++) {
        const c = conversation(i);
        const ended = new Date(c.startedAt.getTime() + c.duration * 1000);
        yield [pad('conv', i), `${c.company}: ${c.kind.type} about ${c.type.replace('_', ' ')}`, c.kind.type, c.kind.service, `ext-${i}`, c.startedAt, ended, c.duration, 'en', i % 3 === 0 ? 'outbound' : 'inbound', 'processed', ended, summaryFor(c.type, c.company), c.type === 'praise' ? 0.7 : c.type === 'churn_risk' ? -0.7 : -0.2, pad('acc', c.a), pad('own', c.a % n.owners), c.startedAt, ended];
      }
    });
    await load(setColumns('Participants', ['phone']), function* () {
      for (let i = 0; i < n.conversations; i++) {
        const c = conversation(i);
        const contact = (c.a + i * n.accounts) % n.contacts;
        const owner = c.a % n.owners;
        const words = Math.round(c.duration * 2.5);
        yield [`${pad('conv', i)}-p0`, pad('conv', i), ownerNames[owner]!, `rep.${owner}@commontime-demo.test`, 'internal', null, pad('own', owner), Math.round(words * 0.55), Math.round(c.duration * 0.55)];
        yield [`${pad('conv', i)}-p1`, pad('conv', i), contactNames[contact]!, `contact.${contact}@customer.example`, 'customer', pad('con', contact), null, Math.round(words * 0.45), Math.round(c.duration * 0.45)];
      }
    });
    await load(setColumns('Fragments'), function* () {
      for (let i = 0; i < n.conversations; i++) {
        if (!hasFragments(i)) continue;
        const c = conversation(i);
        entity(10, i);
        const { lines } = script(f, c.type);
        const step = Math.floor((c.duration * 1000) / lines.length);
        for (const [k, line] of lines.entries()) {
          yield [`${pad('conv', i)}-f${k}`, pad('conv', i), `${pad('conv', i)}-p${line.speaker === 'customer' ? 1 : 0}`, k, k * step, (k + 1) * step - 1, line.text, null];
        }
      }
    });
    await load(setColumns('Insights', ['contact_id']), function* () {
      for (let i = 0; i < n.insights; i++) {
        const c = conversation(i % n.conversations);
        let text: string;
        if (hasFragments(i)) {
          entity(10, i);
          text = script(f, c.type).lines[1]!.text;
        } else {
          entity(11, i);
          text = keyLine(f, c.type);
        }
        yield [pad('ins', i), pad('conv', i % n.conversations), hasFragments(i) ? `${pad('conv', i)}-f1` : null, c.type, text, summaryFor(c.type, c.company), c.type === 'praise' ? 0.8 : -0.5, ((i * 37) % 100) / 100, pad('acc', c.a), new Date(c.startedAt.getTime() + c.duration * 1000 + 60_000)];
      }
    });
    await load(setColumns('TopicModels'), function* () {
      yield ['tm-feedback', 'Product feedback', 'What customers ask of the product.', "type in ('feature_request','pain_point','bug','praise')", 'ready', at(2), null, at(60), at(1)];
      yield ['tm-commercial', 'Commercial signals', 'Pricing, objections, competitors and churn.', "type in ('pricing','objection','competitor','churn_risk','question')", 'ready', at(2), null, at(60), at(1)];
    });
    const perType = Math.ceil(n.insights / INSIGHT_TYPES.length);
    await load(setColumns('Topics'), function* () {
      for (const type of INSIGHT_TYPES) {
        const model = ['feature_request', 'pain_point', 'bug', 'praise'].includes(type) ? 'tm-feedback' : 'tm-commercial';
        yield [`topic-${type}`, model, type.replace('_', ' '), `Insights of type ${type}.`, type.split('_'), perType, at(60), at(1)];
      }
    });
    await load(linkColumns('insight_topics'), function* () {
      for (let i = 0; i < n.insights; i++) yield [pad('ins', i), `topic-${insightType(i % n.conversations)}`];
    });
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
        yield [`event-${i}`, `Meeting with ${c.company}`, c.startedAt, new Date(c.startedAt.getTime() + c.duration * 1000), `rep.${c.a % n.owners}@commontime-demo.test`, [`rep.${c.a % n.owners}@commontime-demo.test`, `contact.${c.a}@customer.example`], pad('conv', i), c.startedAt, c.startedAt];
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
    await load(setColumns('TrackerProjects'), function* () {
      for (const [k, key] of ['CORE', 'INT', 'MOB'].entries()) yield [`proj-${k}`, key, ['Core platform', 'Integrations', 'Mobile'][k]!, SERVICE.jira, `1000${k}`, `https://jira.example/projects/${key}`, at(700), at(5)];
    });
    await load(setColumns('TrackerIssues', ['description', 'assignee']), function* () {
      for (let k = 0; k < n.trackerIssues; k++) {
        entity(12, k);
        yield [`issue-${k}`, `proj-${k % 3}`, `${['CORE', 'INT', 'MOB'][k % 3]}-${k + 1}`, `${f.hacker.verb()} ${f.hacker.noun()}`, f.helpers.arrayElement(['To Do', 'In Progress', 'Done']), f.helpers.arrayElement(['Low', 'Medium', 'High']), f.helpers.arrayElement(['Bug', 'Story', 'Task']), `https://jira.example/browse/${k}`, 3, at(200), at(k % 20)];
      }
    });
    await load(setColumns('TrackerComments'), function* () {
      for (let k = 0; k < n.trackerIssues * 2; k++) yield [`comment-${k}`, `issue-${k % n.trackerIssues}`, 'demo engineer', 'Linked to customer feedback from recent calls.', at(50), at(k % 20)];
    });
    await load(linkColumns('tracker_issue_insights'), function* () {
      for (let k = 0; k < n.trackerIssues * 3; k++) yield [`issue-${k % n.trackerIssues}`, pad('ins', (k * 7919) % n.insights)];
    });
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { rows, seconds: (Date.now() - started) / 1000 };
}
