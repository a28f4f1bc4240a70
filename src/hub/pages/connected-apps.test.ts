/**
 * Settings > Connections > Connected applications over HTTP: an AI client a
 * user connected is listed with its name and last use, to that user and to
 * the workspace's admins only, and revoking it ends its access.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectAiClient } from '../../test-support/ai-clients.ts';
import { PASSWORD, startHub, tokenRequest, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { addUserToTenant, createUser } from '../../platform/tenancy/tenancy.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');
await createUser(db, { email: 'mo@acme.test', password: PASSWORD });
await addUserToTenant(db, { tenantId: acme.tenantId, email: 'mo@acme.test', role: 'member' });

const signedIn = (email: string) => WebUser.signIn(hub.url, email, PASSWORD);

const CONNECTED = /<h2 id="connected">[\s\S]*?(?=<h2 id="oauth-clients">)/;

async function connectedSection(user: WebUser): Promise<string> {
  const page = await user.request('/settings/connections');
  assert.equal(page.status, 200);
  return CONNECTED.exec(page.body)![0];
}

test('a member sees the AI client they connected with its last use; an admin sees everyone\'s; another workspace sees none', async () => {
  const mine = await connectAiClient(hub.url, { email: 'mo@acme.test', clientName: 'Claude of Mo' });
  await connectAiClient(hub.url, { email: acme.email, clientName: 'ChatGPT of Ada' });

  const member = await connectedSection(await signedIn('mo@acme.test'));
  assert.match(member, /Claude of Mo/);
  assert.match(member, /AI client \(registered itself\)/);
  assert.match(member, new RegExp(mine.clientId));
  assert.doesNotMatch(member, /ChatGPT of Ada/);
  assert.doesNotMatch(member, /Last used<\/th>[\s\S]*?<td>—<\/td><td><form/, 'the code exchange counts as a use');

  const admin = await connectedSection(await signedIn(acme.email));
  assert.match(admin, /Claude of Mo/);
  assert.match(admin, /ChatGPT of Ada/);
  assert.match(admin, /mo@acme\.test/);

  assert.match(await connectedSection(await signedIn(globex.email)), /No connected applications yet/);
});

test('revoking a connection ends its refresh token at once; nobody can revoke what they cannot see', async () => {
  const connection = await connectAiClient(hub.url, { email: acme.email, clientName: 'Revocable' });
  const grant = await db.selectFrom('oauth_grant_tenants').select('grant_id').where('client_id', '=', connection.clientId).executeTakeFirstOrThrow();

  for (const outsider of [await signedIn(globex.email), await signedIn('mo@acme.test')]) {
    const page = await outsider.request('/settings/connections');
    const refused = await outsider.request(`/settings/connections/connected/${grant.grant_id}/revoke`, { form: { _csrf: WebUser.csrf(page.body) } });
    assert.equal(refused.status, 404, refused.body.slice(0, 200));
    assert.match(refused.body, /No connected application/);
  }

  const admin = await signedIn(acme.email);
  const forged = await admin.request(`/settings/connections/connected/${grant.grant_id}/revoke`, { form: {} });
  assert.equal(forged.status, 403, 'no CSRF token, no revoke');
  const page = await admin.request('/settings/connections');
  const nul = await admin.request(`/settings/connections/connected/${encodeURIComponent('g\0x')}/revoke`, { form: { _csrf: WebUser.csrf(page.body) } });
  assert.equal(nul.status, 404);
  const revoked = await admin.request(`/settings/connections/connected/${grant.grant_id}/revoke`, { form: { _csrf: WebUser.csrf(page.body) } });
  assert.equal(revoked.status, 303);
  assert.doesNotMatch(await connectedSection(admin), /Revocable/);
  const refresh = await tokenRequest(hub.url, { grant_type: 'refresh_token', refresh_token: connection.refreshToken, client_id: connection.clientId });
  assert.equal(refresh.status, 400);
  assert.equal(refresh.body.error, 'invalid_grant');
});
