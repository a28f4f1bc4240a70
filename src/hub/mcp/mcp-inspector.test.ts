/**
 * The MCP Inspector's CLI (`@modelcontextprotocol/inspector`, a dev
 * dependency run from node_modules, offline) against /mcp with a personal
 * access token, as docs/mcp.md tells users to: tools/list, a tool call
 * and a resource read, and the refusal without the token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startHub, workspace } from '../../test-support/hub.ts';
import { loadDemo } from '../../test-support/demo-fixture.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { REPO_ROOT } from '../../test-support/processes.ts';
import { createToken } from '../identity/personal-access-tokens.ts';

const INSPECTOR = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');

const database = await createTestDatabase();
const hub = await startHub(database.db);
const acme = await workspace(database.db, 'Acme', 'ada@acme.test');
await loadDemo(database, acme.tenantId, { conversations: 30, fragmentShare: 1 });
const { token } = await createToken(database.db, { tenantId: acme.tenantId, userId: acme.userId, name: 'inspector', scopes: ['mcp'] });
// The CLI keeps a catalog of servers (default ~/.mcp-inspector/mcp.json): one of the test's own.
const home = mkdtempSync(join(tmpdir(), 'ct-inspector-'));
onCleanup(() => rmSync(home, { recursive: true, force: true }));

async function inspector(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [INSPECTOR, '--cli', `${hub.url}/mcp`, '--transport', 'http', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, MCP_CATALOG_PATH: join(home, 'mcp.json'), NO_COLOR: '1' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const auth = ['--header', `Authorization: Bearer ${token}`];

test('inspector --cli --method tools/list --strict with a PAT header lists the ten tools, their schemas portable', async () => {
  const listed = await inspector('--method', 'tools/list', '--strict', ...auth);
  assert.equal(listed.code, 0, listed.stderr);
  const names = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
  assert.equal(names.length, 10);
  assert.ok(names.includes('search_insights') && names.includes('query_odata'));
});

test('inspector --cli calls search_insights and reads a conversation resource', async () => {
  const called = await inspector('--method', 'tools/call', '--tool-name', 'search_insights', '--tool-arg', 'type=pricing', '--tool-arg', 'limit=3', ...auth);
  assert.equal(called.code, 0, called.stderr);
  const result = JSON.parse(called.stdout) as { structuredContent: { insights: { type: string; url: string }[] } };
  assert.ok(result.structuredContent.insights.length > 0);
  assert.ok(result.structuredContent.insights.every((i) => i.type === 'pricing' && i.url.startsWith(`${hub.url}/odata/Insights(`)));
  const id = (result.structuredContent.insights[0] as unknown as { conversation: { id: string } }).conversation.id;
  const read = await inspector('--method', 'resources/read', '--uri', `commontime://conversations/${id}`, ...auth);
  assert.equal(read.code, 0, read.stderr);
  assert.equal(JSON.parse(JSON.parse(read.stdout).contents[0].text).id, id);
});

test('inspector --cli without the token fails on the 401', async () => {
  const refused = await inspector('--method', 'tools/list');
  assert.notEqual(refused.code, 0);
  assert.match(`${refused.stdout}\n${refused.stderr}`, /401|Unauthorized|auth/i);
});
