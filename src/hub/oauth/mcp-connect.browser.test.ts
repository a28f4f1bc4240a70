/**
 * Connecting an AI client from nothing but the MCP URL, as Claude or ChatGPT
 * do: the MCP SDK's own client (`StreamableHTTPClientTransport` and its
 * `auth()` flow) discovers the authorization server from the 401, registers
 * itself (or names its Client ID Metadata Document), sends a real Chromium
 * user through sign-in and consent with PKCE, finishes with the code, and
 * then lists and calls tools on demo data.
 */
import { test } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { launchBrowser } from '../../test-support/browser.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { SCALES } from '../demo/scales.ts';
import { loadDemo } from '../../test-support/demo-fixture.ts';
import { PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { startMetadataDocumentServer } from '../../test-support/metadata-document-server.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';

const database = await createTestDatabase();
const { db } = database;
const hub = await startHub(db, { ALLOW_LOOPBACK_CLIENT_METADATA: 'true' });
const acme = await workspace(db, 'Acme', 'ada@acme.test');
await loadDemo(database, acme.tenantId, SCALES.small);
const browser = await launchBrowser();
const documents = await startMetadataDocumentServer();
const MCP_URL = new URL(`${hub.url}/mcp`);

/** The client's redirect URL: a loopback listener, as a desktop client has; resolves with each code it receives. */
async function startCallback() {
  const codes: ((code: string) => void)[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('You can close this window.');
    codes.shift()?.(url.searchParams.get('code') ?? `error:${url.searchParams.get('error')}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/callback`,
    next: () => new Promise<string>((resolve) => codes.push(resolve)),
  };
}

/** The SDK's OAuthClientProvider kept in memory, as a test of the SDK's README keeps it. */
class MemoryProvider implements OAuthClientProvider {
  readonly redirectUrl: string;
  readonly clientMetadataUrl: string | undefined;
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';

  constructor(redirectUrl: string, clientMetadataUrl?: string) {
    this.redirectUrl = redirectUrl;
    this.clientMetadataUrl = clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'Claude (test)', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  clientInformation() {
    return this.#client;
  }

  saveClientInformation(client: OAuthClientInformationMixed) {
    this.#client = client;
  }

  tokens() {
    return this.#tokens;
  }

  saveTokens(tokens: OAuthTokens) {
    this.#tokens = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }

  codeVerifier() {
    return this.#verifier;
  }
}

/** Starts from the URL alone; the user signs in and allows in Chromium; returns a connected client. */
async function connectFromUrl(provider: MemoryProvider, callback: Awaited<ReturnType<typeof startCallback>>): Promise<Client> {
  const first = new StreamableHTTPClientTransport(MCP_URL, { authProvider: provider });
  await assert.rejects(new Client({ name: 'claude-test', version: '1.0.0' }).connect(first), UnauthorizedError);
  const authorizationUrl = provider.authorizationUrl!;
  assert.equal(authorizationUrl.origin + authorizationUrl.pathname, `${hub.url}/oauth/authorize`);
  assert.equal(authorizationUrl.searchParams.get('resource'), MCP_URL.href);
  assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');

  const page = await browser.newPage();
  const code = callback.next();
  await page.goto(authorizationUrl.href);
  await page.getByLabel('Email').fill(acme.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Authorize / }).waitFor();
  const consent = await page.locator('main').innerText();
  assert.match(consent, /wants to access the workspace Acme/);
  assert.match(consent, /you return to 127\.0\.0\.1:\d+/);
  assert.match(consent, /Connect AI agents \(MCP\)/);
  await page.getByRole('button', { name: 'Allow' }).click();
  await first.finishAuth(await code);
  await page.close();

  const client = new Client({ name: 'claude-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(MCP_URL, { authProvider: provider }));
  onCleanup(() => client.close());
  return client;
}

async function assertServesDemoInsights(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'search_insights'), tools.map((t) => t.name).join());
  const result = await client.callTool({ name: 'search_insights', arguments: { query: 'pricing', limit: 5 } });
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  const items = (result.structuredContent as { insights: { id: string }[] }).insights;
  assert.ok(items.length > 0);
  // Insights are an OData-served table outside the typed schema (odata/model/ddl.ts).
  const known = await sql<{ n: string }>`select count(*) as n from insights where tenant_id = ${acme.tenantId} and id = any(${items.map((i) => i.id)})`.execute(db);
  assert.equal(Number(known.rows[0]!.n), items.length, 'every insight is the demo workspace\'s own');
}

test('from the URL alone: discovery, dynamic registration, PKCE, sign-in and consent in Chromium, then tools/list and search_insights', async () => {
  const callback = await startCallback();
  const provider = new MemoryProvider(callback.url);
  const client = await connectFromUrl(provider, callback);
  assert.match(String(provider.clientInformation()?.client_id), /^ctr_/, 'the client registered itself');
  assert.equal(provider.tokens()?.scope, 'mcp');
  await assertServesDemoInsights(client);
});

test('the same with a Client ID Metadata Document instead of registration', async () => {
  const callback = await startCallback();
  const metadataUrl = documents.serve('/clients/claude-test.json', (url) => ({
    client_id: url,
    client_name: 'Claude (metadata document)',
    redirect_uris: [callback.url],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  }));
  const before = await db.selectFrom('oauth_registered_clients').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const provider = new MemoryProvider(callback.url, metadataUrl);
  const client = await connectFromUrl(provider, callback);
  assert.equal(provider.clientInformation()?.client_id, metadataUrl);
  const after = await db.selectFrom('oauth_registered_clients').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n), 'no registration happened');
  assert.ok(documents.fetches.includes('/clients/claude-test.json'));
  await assertServesDemoInsights(client);
});
