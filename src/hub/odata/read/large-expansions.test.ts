/**
 * A response with $expand is built whole, so it is bounded in bytes
 * (EXPAND_LIMIT_BYTES, docs/operations.md "Slow readers"): past the limit
 * the hub stops reading and answers a whole 400 in the OData error format.
 * The hub runs as its own process with a limit of 2 MiB, so its RSS can be
 * read from /proc.
 *
 * Nearly every account and contact carries a 64,000-character additional
 * field: 200 accounts with ten contacts each are 128 MB of contacts, which
 * a hub that read the expansions whole would hold for each request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { startHubProcess } from '../../../test-support/hub-process.ts';
import { workspace } from '../../../test-support/hub.ts';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';

const LIMIT = 2 * 1024 * 1024;
const { db, url: databaseUrl, name: database } = await createTestDatabase();
const acme = await workspace(db, 'Acme Large', 'ada@large.test');
const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

// PostgreSQL compresses the repeats, so seeding is quick.
await sql`insert into accounts (tenant_id, id, name, updated, additional_fields)
  select ${acme.tenantId}::uuid, 'big-' || lpad(a::text, 3, '0'), 'Big ' || a, now(), jsonb_build_object('notes', repeat(md5('a' || a), 2000))
  from generate_series(0, 199) a
  union all select ${acme.tenantId}::uuid, 'shared', 'Shared', now(), jsonb_build_object('notes', repeat(md5('shared'), 2000))
  union all select ${acme.tenantId}::uuid, 'jump', 'Jump', now(), '{}'`.execute(db);
await sql`insert into contacts (tenant_id, id, account_id, email, updated, additional_fields)
  select ${acme.tenantId}::uuid, 'c-' || lpad(a::text, 3, '0') || '-' || c, 'big-' || lpad(a::text, 3, '0'), 'c' || c || '@' || a || '.test', now(), jsonb_build_object('notes', repeat(md5('c' || a || '-' || c), 2000))
  from generate_series(0, 199) a, generate_series(0, 9) c
  union all select ${acme.tenantId}::uuid, 's-' || lpad(c::text, 2, '0'), 'shared', 's' || c || '@shared.test', now(), jsonb_build_object('notes', repeat(md5('s' || c), 2000))
  from generate_series(0, 29) c
  union all select ${acme.tenantId}::uuid, 'j-' || lpad(c::text, 3, '0'), 'jump', 'j' || c || '@jump.test', now(),
    case when c = 0 then '{}' else jsonb_build_object('notes', repeat(md5('j' || c), 2000)) end
  from generate_series(0, 999) c`.execute(db);
await sql`analyze accounts; analyze contacts`.execute(db);

const hub = await startHubProcess(databaseUrl, { EXPAND_LIMIT_BYTES: String(LIMIT) });
const get = (path: string) => fetch(`${hub.url}/odata/${path}`, { headers: { authorization: `Bearer ${token}` } });

const BIG = "$filter=startswith(id,'big-')";
/** Requests past the limit, each in another way. */
const OVER = {
  // 2,000 contacts of 64 KB under 200 small accounts.
  expansion: `Accounts?${BIG}&$top=200&$select=id,name&$expand=Contacts`,
  // Each of 200 contacts expands its account, 64 KB each.
  nested: `Accounts?${BIG}&$top=20&$select=id&$expand=Contacts($select=id;$expand=Account)`,
  // The page's own rows: 200 accounts of 64 KB.
  page: `Accounts?${BIG}&$top=200&$expand=Contacts($select=id)`,
  // The 30 contacts of one account (1.9 MB, read once) written under each of those 30 contacts: 58 MB of copies.
  copies: "Contacts?$filter=account_id eq 'shared'&$select=id&$expand=Account($select=id;$expand=Contacts)",
  // One small contact, then 999 of 64 KB: a batch sized by the small one would bring 64 MB at once.
  jump: "Accounts('jump')?$select=id&$expand=Contacts($orderby=id)",
};

const notes = (seed: string) => createHash('md5').update(seed).digest('hex').repeat(2000);

interface ErrorBody {
  error: { code: string; message: string; target?: string };
}

/** A refusal as the client gets it: the whole OData error body, with its length announced (nothing was streamed). */
async function assertRefused(path: string) {
  const response = await get(path);
  const text = await response.text();
  assert.equal(response.status, 400, `${path}: ${text.slice(0, 200)}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(text)), 'a whole body, not a stream cut short');
  const { error } = JSON.parse(text) as ErrorBody;
  assert.equal(error.code, 'ODATA_EXPANSION_TOO_LARGE', path);
  assert.equal(error.target, '$expand');
  assert.match(error.message, new RegExp(`more than ${LIMIT} bytes.*\\$top.*\\$select`));
}

test('past the limit, each way of exceeding it gets a whole 400 ODATA_EXPANSION_TOO_LARGE in the OData error format', { timeout: 120_000 }, async () => {
  for (const path of Object.values(OVER)) await assertRefused(path);
});

const contactIds = (account: number) => Array.from({ length: 10 }, (_, c) => `c-${String(account).padStart(3, '0')}-${c}`);

test('within the limit the same requests, narrowed as the error says, answer 200 with the right rows', { timeout: 120_000 }, async () => {
  const fewer = await get(`Accounts?${BIG}&$top=2&$orderby=id&$select=id,name&$expand=Contacts($orderby=id)`);
  assert.equal(fewer.status, 200);
  const page = (await fewer.json()) as { value: { id: string; name: string; Contacts: { id: string; email: string; notes: string }[] }[] };
  assert.deepEqual(page.value.map((a) => [a.id, a.name]), [['big-000', 'Big 0'], ['big-001', 'Big 1']]);
  page.value.forEach((account, a) => {
    assert.deepEqual(account.Contacts.map((c) => c.id), contactIds(a));
    account.Contacts.forEach((contact, c) => {
      assert.equal(contact.email, `c${c}@${a}.test`);
      assert.equal(contact.notes, notes(`c${a}-${c}`), contact.id);
    });
  });

  const narrower = await get(`Accounts?${BIG}&$top=200&$orderby=id&$select=id&$expand=Contacts($select=id,email;$orderby=id)`);
  assert.equal(narrower.status, 200);
  const all = (await narrower.json()) as { value: { id: string; Contacts: { id: string; email: string }[] }[] };
  assert.equal(all.value.length, 200);
  all.value.forEach((account, a) => {
    assert.equal(account.id, `big-${String(a).padStart(3, '0')}`);
    assert.deepEqual(account.Contacts.map((c) => c.id), contactIds(a));
    assert.deepEqual(Object.keys(account.Contacts[0]!), ['id', 'email']);
  });

  const nested = await get(`Accounts?${BIG}&$top=20&$orderby=id&$select=id&$expand=Contacts($select=id;$orderby=id;$expand=Account($select=id,name))`);
  assert.equal(nested.status, 200);
  const tree = (await nested.json()) as { value: { id: string; Contacts: { id: string; Account: { id: string; name: string } }[] }[] };
  assert.equal(tree.value.length, 20);
  for (const account of tree.value) for (const contact of account.Contacts) assert.deepEqual(contact.Account, { id: account.id, name: `Big ${Number(account.id.slice(4))}` });

  const once = await get("Contacts?$filter=account_id eq 'shared'&$top=1&$orderby=id&$select=id&$expand=Account($select=id;$expand=Contacts($orderby=id))");
  assert.equal(once.status, 200);
  const [contact] = ((await once.json()) as { value: { id: string; Account: { id: string; Contacts: { id: string; notes: string }[] } }[] }).value;
  assert.equal(contact!.id, 's-00');
  assert.equal(contact!.Account.id, 'shared');
  assert.deepEqual(contact!.Account.Contacts.map((c) => c.id), Array.from({ length: 30 }, (_, c) => `s-${String(c).padStart(2, '0')}`));
  contact!.Account.Contacts.forEach((c, i) => assert.equal(c.notes, notes(`s${i}`), c.id));
});

test('eight clients at once past the limit, for each way of exceeding it, leave the hub within 100 MiB of its idle RSS', { timeout: 180_000 }, async (t) => {
  const idle = hub.rssMiB();
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, hub.rssMiB())), 25);
  try {
    for (const path of Object.values(OVER)) await Promise.all(Array.from({ length: 8 }, () => assertRefused(path)));
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, hub.rssMiB());
  t.diagnostic(`RSS ${idle.toFixed(0)} MiB idle, peak ${peak.toFixed(0)} MiB`);
  assert.ok(peak - idle <= 100, `RSS ${idle.toFixed(0)} MiB idle, ${peak.toFixed(0)} MiB at the peak of the refusals`);
});

/** The hub's pool connections to this file's database (the notification listener's among them), by backend pid. */
async function hubBackends(): Promise<Map<number, string>> {
  const { rows } = await sql<{ pid: number; state: string }>`select pid, state from pg_stat_activity where datname = ${database} and application_name = 'commontime' and pid <> pg_backend_pid()`.execute(db);
  return new Map(rows.map((row) => [row.pid, row.state]));
}

test('refused reads give their connections back to the pool clean: twelve in a row reuse them, none is left in a transaction, the next read succeeds', { timeout: 120_000 }, async () => {
  assert.equal((await get(`Accounts?${BIG}&$top=1&$select=id&$expand=Contacts($select=id)`)).status, 200);
  const before = await hubBackends();
  const paths = Object.values(OVER);
  // More refusals than the pool has connections (10): a connection left busy or dropped on each would show.
  for (let i = 0; i < 12; i++) {
    await assertRefused(paths[i % paths.length]!);
    const now = await hubBackends();
    for (const [pid, state] of now) {
      assert.ok(before.has(pid), `backend ${pid} is new: a refusal's connection was dropped and replaced`);
      assert.equal(state, 'idle', `backend ${pid} after refusal ${i + 1}`);
    }
  }
  const after = await get(`Accounts?${BIG}&$top=3&$orderby=id&$select=id&$expand=Contacts($select=id;$orderby=id)`);
  assert.equal(after.status, 200);
  const { value } = (await after.json()) as { value: { id: string; Contacts: { id: string }[] }[] };
  assert.deepEqual(value.map((a) => a.Contacts.map((c) => c.id)), [0, 1, 2].map(contactIds));
});
