/**
 * Settings > Members over HTTP: inviting an email answers the admin exactly
 * the same whether or not the email has an account in another workspace
 * (no user enumeration across workspaces), and an invited user joins when
 * they next sign in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { createUser, isMember } from '../../platform/tenancy/tenancy.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');

async function signedIn(email: string, password = PASSWORD): Promise<WebUser> {
  const user = new WebUser(hub.url);
  const login = await user.request('/login');
  const done = await user.request('/login', { form: { _csrf: WebUser.csrf(login.body), email, password } });
  assert.equal(done.status, 303, done.body.slice(0, 300));
  return user;
}

/** What the admin sees when inviting `email`: the answer to the form, and the page it leads to, with the email and the per-page CSRF token blanked. */
async function invite(admin: WebUser, email: string) {
  const page = await admin.request('/settings/members');
  const answer = await admin.request('/settings/members', { form: { _csrf: WebUser.csrf(page.body), email, role: 'member' } });
  const after = await admin.request(answer.location ?? '/settings/members');
  const blank = (text: string) => text.replaceAll(email, '<email>').replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
  return { status: answer.status, location: answer.location, body: blank(answer.body), page: { status: after.status, body: blank(after.body) } };
}

async function cancel(admin: WebUser, email: string) {
  const page = await admin.request('/settings/members');
  assert.equal((await admin.request('/settings/members/invitations/cancel', { form: { _csrf: WebUser.csrf(page.body), email } })).status, 303);
}

test('inviting an email that has an account in another workspace looks exactly like inviting one that has none', async () => {
  const admin = await signedIn(acme.email);
  const elsewhere = await invite(admin, globex.email);
  await cancel(admin, globex.email);
  const nowhere = await invite(admin, 'nobody@nowhere.test');
  await cancel(admin, 'nobody@nowhere.test');
  assert.deepEqual(elsewhere, nowhere);
  assert.equal(elsewhere.status, 303);
  assert.match(elsewhere.page.body, /<h2>Invited<\/h2>.*<td><email><\/td><td>member<\/td>/s);
  assert.doesNotMatch(elsewhere.page.body, /Globex Admin/, 'the other workspace\'s user is not named');
  assert.equal(await isMember(db, acme.tenantId, globex.userId), false, 'nobody joins before signing in');
});

test('an invited user joins when they next sign in; an email without an account joins once an operator creates it', async () => {
  const admin = await signedIn(acme.email);
  await invite(admin, 'GIL@globex.test');
  await invite(admin, 'new.person@acme.test');
  await signedIn(globex.email);
  assert.equal(await isMember(db, acme.tenantId, globex.userId), true);
  const { userId } = await createUser(db, { email: 'new.person@acme.test', password: 'a fresh password', name: 'New Person' });
  await signedIn('new.person@acme.test', 'a fresh password');
  assert.equal(await isMember(db, acme.tenantId, userId), true);
  const page = await admin.request('/settings/members');
  assert.match(page.body, /<td>Globex Admin<\/td><td>gil@globex\.test<\/td><td>member<\/td>/);
  assert.match(page.body, /<td>New Person<\/td><td>new\.person@acme\.test<\/td><td>member<\/td>/);
  assert.doesNotMatch(page.body, /<h2>Invited<\/h2>/, 'accepted invitations are gone');
});

test('members of the workspace get their new role at once; members cannot invite', async () => {
  const admin = await signedIn(acme.email);
  const page = await admin.request('/settings/members');
  assert.equal((await admin.request('/settings/members', { form: { _csrf: WebUser.csrf(page.body), email: globex.email, role: 'admin' } })).status, 303);
  assert.match((await admin.request('/settings/members')).body, /<td>gil@globex\.test<\/td><td>admin<\/td>/);
  const invalid = await admin.request('/settings/members', { form: { _csrf: WebUser.csrf(page.body), email: 'not an email', role: 'member' } });
  assert.equal(invalid.status, 400);
  const member = await signedIn('new.person@acme.test', 'a fresh password');
  const memberPage = await member.request('/settings/members');
  const refused = await member.request('/settings/members', { form: { _csrf: WebUser.csrf(memberPage.body), email: 'x@acme.test', role: 'member' } });
  assert.equal(refused.status, 403);
});
