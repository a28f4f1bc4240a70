/**
 * /mcp as a client sees it: the SDK's own client (tools/list, server
 * instructions, the protocol revision), an older revision negotiated,
 * the refusals of authentication with their exact challenges, a workspace
 * that turned MCP off (through Settings > AI agents), and requests that
 * are not JSON-RPC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { authorize, oauthClient, PASSWORD, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { mcpClient } from '../../test-support/mcp-client.ts';
import { addUserToTenant, createUser } from '../../platform/tenancy/tenancy.ts';
import { createToken } from '../identity/personal-access-tokens.ts';
import { mcpEnabled } from './mcp-access.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db, { BODY_LIMIT_BYTES: '65536' });
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const agent = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'agent', scopes: ['mcp'] })).token;
const reader = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'reader', scopes: ['api:read'] })).token;
const globexAgent = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'agent', scopes: ['mcp'] })).token;

const METADATA = `${hub.url}/.well-known/oauth-protected-resource/mcp`;
const JSON_AND_SSE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function initialize(protocolVersion: string, id = 1) {
  return { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
}

async function post(body: unknown, headers: Record<string, string> = {}, path = '/mcp') {
  const response = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { ...JSON_AND_SSE, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), type: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('the SDK client lists the ten tools with their input schemas and reads the server instructions, on the newest protocol revision', async () => {
  const client = await mcpClient(hub.url, agent);
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((t) => t.name),
    ['search_conversations', 'get_conversation', 'search_insights', 'list_topics', 'get_topic', 'search_accounts', 'get_account', 'search_contacts', 'get_contact', 'query_odata'],
  );
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.ok(tool.description && tool.description.length > 40, tool.name);
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
  }
  assert.deepEqual(Object.keys(tools.find((t) => t.name === 'get_conversation')!.inputSchema.properties ?? {}), ['id', 'transcript_limit', 'cursor']);
  assert.match(client.getInstructions() ?? '', /Insights: the customer sentences that matter/);
  assert.equal(client.getServerVersion()?.name, 'commontime');
  const templates = await client.listResourceTemplates();
  assert.deepEqual(templates.resourceTemplates.map((t) => t.uriTemplate).sort(), ['commontime://accounts/{id}', 'commontime://conversations/{id}']);
  const negotiated = await post(initialize(LATEST_PROTOCOL_VERSION), bearer(agent));
  assert.equal(negotiated.body.result.protocolVersion, LATEST_PROTOCOL_VERSION);
});

test('a client that negotiates an older revision (2025-03-26) keeps working', async () => {
  const init = await post(initialize('2025-03-26'), bearer(agent));
  assert.equal(init.status, 200);
  assert.equal(init.body.result.protocolVersion, '2025-03-26');
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...bearer(agent), 'mcp-protocol-version': '2025-03-26' });
  assert.equal(list.status, 200);
  assert.equal(list.body.result.tools.length, 10);
  const unknown = await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { ...bearer(agent), 'mcp-protocol-version': '1999-01-01' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.code, -32000);
});

test('no token: 401 with the challenge that leads to the protected-resource metadata, in the hub\u2019s error body', async () => {
  const answer = await post(initialize(LATEST_PROTOCOL_VERSION));
  assert.equal(answer.status, 401);
  assert.equal(answer.challenge, `Bearer resource_metadata="${METADATA}", scope="mcp"`);
  assert.equal(answer.body.error.code, 'IDENTITY_INVALID_TOKEN');
  for (const method of ['GET', 'DELETE']) {
    const response = await fetch(`${hub.url}/mcp`, { method, headers: { accept: 'text/event-stream' } });
    assert.equal(response.status, 401, method);
    assert.equal(response.headers.get('www-authenticate'), `Bearer resource_metadata="${METADATA}", scope="mcp"`);
  }
});

test('a token that is not one: 401 invalid_token; a token without the mcp scope: 403 insufficient_scope', async () => {
  const unknown = await post(initialize(LATEST_PROTOCOL_VERSION), bearer('ctp_not-a-token'));
  assert.equal(unknown.status, 401);
  assert.equal(unknown.challenge, `Bearer resource_metadata="${METADATA}", scope="mcp", error="invalid_token"`);
  const opaque = await post(initialize(LATEST_PROTOCOL_VERSION), bearer('an-access-token-we-never-issued'));
  assert.equal(opaque.status, 401);
  // The shape of query_odata's delegated credentials, made up: only one the process issued for a running request counts.
  const delegated = await fetch(`${hub.url}/odata/me`, { headers: bearer(`ctd_${'A'.repeat(43)}`) });
  assert.equal(delegated.status, 401);
  const lacking = await post(initialize(LATEST_PROTOCOL_VERSION), bearer(reader));
  assert.equal(lacking.status, 403);
  assert.equal(lacking.challenge, `Bearer resource_metadata="${METADATA}", scope="mcp", error="insufficient_scope"`);
  assert.equal(lacking.body.error.code, 'IDENTITY_INSUFFICIENT_SCOPE');
});

test('an OAuth access token issued for the API is refused at /mcp, also once the API has accepted (and cached) it; asking it for mcp does not put mcp on it', async () => {
  const redirectUri = 'https://app.example.test/callback';
  const client = await oauthClient(db, acme.tenantId, redirectUri);
  const { final } = await authorize(hub.url, { clientId: client.clientId, redirectUri, email: acme.email, scope: 'api:read mcp' });
  const code = new URL(final.location!).searchParams.get('code')!;
  const tokens = await tokenRequest(hub.url, { grant_type: 'authorization_code', code, client_id: client.clientId, client_secret: client.clientSecret, redirect_uri: redirectUri });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.equal(tokens.body.scope, 'api:read', 'mcp belongs to tokens for the MCP server alone');
  const me = await fetch(`${hub.url}/odata/me`, { headers: bearer(tokens.body.access_token) });
  assert.equal(me.status, 200);
  const refused = await post(initialize(LATEST_PROTOCOL_VERSION), bearer(tokens.body.access_token));
  assert.equal(refused.status, 401);
  assert.equal(refused.challenge, `Bearer resource_metadata="${METADATA}", scope="mcp", error="invalid_token"`);
});

test('a token in the query string is refused, even a valid one', async () => {
  const answer = await post(initialize(LATEST_PROTOCOL_VERSION), {}, `/mcp?access_token=${agent}`);
  assert.equal(answer.status, 401);
  assert.equal(answer.challenge, `Bearer resource_metadata="${METADATA}", scope="mcp", error="invalid_request"`);
  assert.equal(answer.body.error.code, 'IDENTITY_TOKEN_IN_QUERY');
});

test('an admin turns MCP off under Settings > AI agents: the workspace\u2019s tokens get 403 MCP_DISABLED, other workspaces are untouched; a member cannot turn it on', async () => {
  const admin = await WebUser.signIn(hub.url, acme.email, PASSWORD);
  const settings = await admin.request('/settings/ai-agents');
  assert.match(settings.body, /MCP access is <strong>on<\/strong>/);
  assert.match(settings.body, new RegExp(`<code>${hub.url}/mcp</code>`));
  const off = await admin.request('/settings/ai-agents', { form: { _csrf: WebUser.csrf(settings.body), enabled: 'false' } });
  assert.equal(off.status, 303);
  assert.match((await admin.request('/settings/ai-agents')).body, /MCP access is <strong>off<\/strong>/);

  const refused = await post(initialize(LATEST_PROTOCOL_VERSION), bearer(agent));
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'MCP_DISABLED');
  assert.equal((await post(initialize(LATEST_PROTOCOL_VERSION), bearer(globexAgent))).status, 200);

  await createUser(db, { email: 'mo@acme.test', password: PASSWORD, name: 'Mo' });
  await addUserToTenant(db, { tenantId: acme.tenantId, email: 'mo@acme.test', role: 'member' });
  const member = await WebUser.signIn(hub.url, 'mo@acme.test', PASSWORD);
  const seen = await member.request('/settings/ai-agents');
  assert.match(seen.body, /Only admins turn MCP access on or off/);
  const tried = await member.request('/settings/ai-agents', { form: { _csrf: WebUser.csrf(seen.body), enabled: 'true' } });
  assert.equal(tried.status, 403);
  assert.equal(await mcpEnabled(db, acme.tenantId), false);

  const again = await admin.request('/settings/ai-agents');
  await admin.request('/settings/ai-agents', { form: { _csrf: WebUser.csrf(again.body), enabled: 'true' } });
  assert.equal((await post(initialize(LATEST_PROTOCOL_VERSION), bearer(agent))).status, 200);
});

test('what is not JSON-RPC gets a 4xx: a JSON-RPC parse error, a message that is not JSON-RPC, a body over the limit, another site\u2019s Origin, GET and DELETE', async () => {
  const malformed = await post('{"jsonrpc": "2.0", "id": 1, "method": ', bearer(agent));
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, -32700);
  const notRpc = await post({ hello: 'world' }, bearer(agent));
  // The SDK answers a message that is no JSON-RPC message with its parse error too ("Invalid JSON-RPC message").
  assert.equal(notRpc.status, 400);
  assert.equal(notRpc.body.error.code, -32700);
  const huge = await post({ ...initialize(LATEST_PROTOCOL_VERSION), padding: 'x'.repeat(70_000) }, bearer(agent));
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, 'PLATFORM_BODY_TOO_LARGE');
  const text = await fetch(`${hub.url}/mcp`, { method: 'POST', headers: { ...bearer(agent), accept: JSON_AND_SSE.accept, 'content-type': 'text/plain' }, body: 'hello' });
  assert.equal(text.status, 415);
  const wrongAccept = await post(initialize(LATEST_PROTOCOL_VERSION), { ...bearer(agent), accept: 'text/html' });
  assert.equal(wrongAccept.status, 406);
  const rebound = await post(initialize(LATEST_PROTOCOL_VERSION), { ...bearer(agent), origin: 'http://evil.example.com' });
  assert.equal(rebound.status, 403);
  assert.equal(rebound.body.error.code, 'MCP_ORIGIN_REFUSED');
  assert.equal((await post(initialize(LATEST_PROTOCOL_VERSION), { ...bearer(agent), origin: hub.url })).status, 200);
  for (const method of ['GET', 'DELETE']) {
    const response = await fetch(`${hub.url}/mcp`, { method, headers: { ...bearer(agent), accept: 'text/event-stream' } });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get('allow'), 'POST');
  }
});
