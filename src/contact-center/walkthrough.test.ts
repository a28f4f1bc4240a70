/**
 * docs/contact-center.md's walk-through, run as written: each `curl` line
 * of its shell block against the service, on a fresh demo center (the ids
 * the page names are a fresh demo's), checked for the status its comment
 * gives. The page cannot drift from what the service answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demoTenant, startContactCenter } from '../test-support/contact-center.ts';
import { createTestDatabase } from '../test-support/test-database.ts';

const database = await createTestDatabase();
const server = await startContactCenter(database.db);
// The first center of the database, as in a fresh install: its menus, agents and campaign have the ids the page names.
const demo = await demoTenant(database.db, 'Demo');

interface Example {
  readonly line: string;
  readonly status: number;
  readonly args: readonly string[];
}

/** Words of a shell line: single and double quotes group, `\` joins lines. Enough for the page's curl lines. */
function words(line: string): string[] {
  const out: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

function examples(): Example[] {
  const page = readFileSync(new URL('../../docs/contact-center.md', import.meta.url), 'utf8');
  const section = page.slice(page.indexOf('## Walk-through'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!.replace(/\\\n\s*/g, '');
  const found: Example[] = [];
  let status: number | undefined;
  for (const line of block.split('\n')) {
    const expected = /\(→ (\d{3})\)\s*$/.exec(line);
    if (line.startsWith('#') && expected) status = Number(expected[1]);
    if (!line.startsWith('curl ')) continue;
    assert.ok(status !== undefined, `a status comment comes before ${line}`);
    found.push({ line, status, args: words(line).slice(1) });
    status = undefined;
  }
  return found;
}

async function run({ args }: Example): Promise<{ status: number; body: string }> {
  const expand = (word: string) => word.replaceAll('$API', `${server.url}/apps/api/v1`).replaceAll('$CC', `${demo.subdomain}:${demo.token}`);
  let method = 'GET';
  let url = '';
  let body: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = expand(args[i]!);
    if (arg === '-u') headers.authorization = `Basic ${Buffer.from(expand(args[++i]!)).toString('base64')}`;
    else if (arg === '-X') method = args[++i]!;
    else if (arg === '-H') {
      const [name, ...value] = args[++i]!.split(':');
      headers[name!.trim().toLowerCase()] = value.join(':').trim();
    } else if (arg === '-d') {
      body = args[++i]!;
      if (method === 'GET') method = 'POST';
    } else if (arg.startsWith('-')) assert.fail(`the walk-through uses curl's ${arg}, which this test does not read`);
    else url = arg;
  }
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, body: await response.text() };
}

test('the walk-through has examples of every area it names', () => {
  const paths = examples().map((e) => new URL(e.args.find((a) => a.startsWith('$API'))!.replace('$API', 'http://x')).pathname);
  for (const area of ['/wait_times', '/calls', '/chats', '/sms', '/outbound_dialer/dnc', '/agent_statuses', '/outbound_dialer/campaigns', '/users', '/bulk/users/template', '/crm/contact_data', '/end_users']) {
    assert.ok(paths.some((p) => p.startsWith(area)), area);
  }
});

test("every curl line of docs/contact-center.md's walk-through answers the status its comment gives, in the Apps API's JSON", async () => {
  for (const example of examples()) {
    const answer = await run(example);
    assert.equal(answer.status, example.status, `${example.line}\n→ ${answer.body.slice(0, 300)}`);
    assert.doesNotThrow(() => JSON.parse(answer.body), example.line);
  }
});
