/**
 * Settings > Members over HTTP: inviting an email answers the admin exactly
 * the same whether or not the email has an account in another workspace
 * (no user enumeration across workspaces); an invited user joins only by
 * accepting on the invitations page, and a joined workspace never becomes
 * their active one.
 */
import { test } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { oauthClient, PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { WebUser } from '../../test-support/web-user.ts';
import { createUser, isMember } from '../../platform/tenancy/tenancy.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const globex = await workspace(db, 'Globex', 'gil@globex.test');

const signedIn = (email: string, password = PASSWORD) => WebUser.signIn(hub.url, email, password);

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

/** The invitations page the user is sent to after signing in, and its answer forms by workspace name. */
async function answer(user: WebUser, workspaceName: string, action: 'Accept' | 'Decline') {
  const page = await user.request('/settings/invitations');
  const form = new RegExp(`action="/settings/invitations/${action.toLowerCase()}"><input type="hidden" name="_csrf" value="([^"]+)"><input type="hidden" name="tenant_id" value="([^"]+)">[^]*?aria-label="${action} the invitation to ${workspaceName}"`).exec(page.body);
  assert.ok(form, `${action} ${workspaceName}: ${page.body.slice(0, 2000)}`);
  return user.request(`/settings/invitations/${action.toLowerCase()}`, { form: { _csrf: form[1]!, tenant_id: form[2]!, return_to: '/settings' } });
}

test('signing in joins no workspace: the invitations page names the workspace and the admin, Accept joins, Decline removes it', async () => {
  const admin = await signedIn(acme.email);
  await invite(admin, 'GIL@globex.test');
  await invite(admin, 'new.person@acme.test');
  const gil = new WebUser(hub.url);
  const login = await gil.request('/login?return_to=/settings/members');
  const done = await gil.request('/login', { form: { _csrf: WebUser.csrf(login.body), email: globex.email, password: PASSWORD, return_to: '/settings/members' } });
  assert.equal(done.status, 303);
  assert.match(done.location!, /\/settings\/invitations\?return_to=%2Fsettings%2Fmembers$/);
  assert.equal(await isMember(db, acme.tenantId, globex.userId), false, 'signing in accepted nothing');
  const page = await gil.request(done.location!);
  assert.match(page.body, /<td>Acme<\/td><td>Acme Admin \(ada@acme\.test\)<\/td><td>member<\/td>/);
  assert.match(page.body, /<a href="\/settings\/members">Decide later<\/a>/);
  const accepted = await answer(gil, 'Acme', 'Accept');
  assert.equal(accepted.status, 303);
  assert.equal(await isMember(db, acme.tenantId, globex.userId), true);
  assert.match((await gil.request('/settings/invitations')).body, /You have no open invitations/);

  const { userId } = await createUser(db, { email: 'new.person@acme.test', password: 'a fresh password', name: 'New Person' });
  const person = await signedIn('new.person@acme.test', 'a fresh password');
  assert.match((await person.request('/settings/connections')).location!, /\/settings\/invitations$/, 'someone in no workspace answers the invitation first');
  await answer(person, 'Acme', 'Accept');
  assert.equal(await isMember(db, acme.tenantId, userId), true);
  const members = await admin.request('/settings/members');
  assert.match(members.body, /<td>Globex Admin<\/td><td>gil@globex\.test<\/td><td>member<\/td>/);
  assert.match(members.body, /<td>New Person<\/td><td>new\.person@acme\.test<\/td><td>member<\/td>/);
  assert.doesNotMatch(members.body, /<h2>Invited<\/h2>/, 'accepted invitations are gone');

  await invite(admin, 'declines@globex.test');
  await createUser(db, { email: 'declines@globex.test', password: 'a fresh password', name: 'Declines' });
  const declines = await signedIn('declines@globex.test', 'a fresh password');
  assert.equal((await answer(declines, 'Acme', 'Decline')).status, 303);
  assert.doesNotMatch((await admin.request('/settings/members')).body, /declines@globex\.test/, 'a declined invitation is gone for the admin too');
  const again = await declines.request('/settings/invitations/accept', { form: { _csrf: WebUser.csrf(page.body), tenant_id: acme.tenantId } });
  assert.equal(again.status, 403, 'the CSRF token of another session is refused');
});

test('an invitation from a workspace named to sort first never becomes the active workspace, in this session, the next, or the OAuth workspace chooser', async () => {
  const attacker = await workspace(db, 'AAA Acme', 'mallory@aaa.test');
  const victim = await workspace(db, 'Victims', 'vic@victims.test');
  const mallory = await signedIn(attacker.email);
  await invite(mallory, victim.email);
  const vic = await signedIn(victim.email);
  assert.equal(await isMember(db, attacker.tenantId, victim.userId), false);
  assert.match((await vic.request('/settings/invitations')).body, /<td>AAA Acme<\/td><td>AAA Acme Admin \(mallory@aaa\.test\)<\/td>/);
  await answer(vic, 'AAA Acme', 'Accept');
  assert.equal(await isMember(db, attacker.tenantId, victim.userId), true);
  assert.match((await vic.request('/settings/connections')).body, /· Victims</, 'the active workspace is still the user\'s own');
  const later = await signedIn(victim.email);
  assert.match((await later.request('/settings/connections')).body, /· Victims</, 'and stays it in a new session');
  assert.match((await later.request('/settings/workspace')).body, /value="[^"]+" checked>\s*<label for="t-[^"]+">Victims/);
  // The OAuth workspace chooser preselects the user's own workspace too.
  const client = await oauthClient(db, victim.tenantId, 'https://app.victims.test/cb');
  const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: 'https://app.victims.test/cb', state: 'x', scope: 'api:read' });
  const chooser = await later.follow(`/oauth/authorize?${query}`);
  assert.match(chooser.body, /Choose a workspace/);
  assert.match(chooser.body, new RegExp(`value="${victim.tenantId}" checked><label for="t\\d">Victims<`));
  assert.doesNotMatch(chooser.body, new RegExp(`value="${attacker.tenantId}" checked`));
});

test('an invitation expires after 14 days; a workspace holds at most 500 open invitations', async () => {
  const admin = await signedIn(acme.email);
  await invite(admin, 'late@globex.test');
  await createUser(db, { email: 'late@globex.test', password: 'a fresh password', name: 'Late' });
  await db.updateTable('membership_invitations').set({ created_at: sql`now() - interval '15 days'` }).where('email', '=', 'late@globex.test').execute();
  const late = await signedIn('late@globex.test', 'a fresh password');
  assert.doesNotMatch((await late.request('/settings/invitations')).body, /Acme/);
  assert.doesNotMatch((await admin.request('/settings/members')).body, /late@globex\.test/, 'the admin sees only open invitations');
  const page = await late.request('/settings/invitations');
  const expired = await late.request('/settings/invitations/accept', { form: { _csrf: WebUser.csrf(page.body), tenant_id: acme.tenantId } });
  assert.equal(expired.status, 404);
  assert.match(expired.body, /No open invitation to this workspace for you/);
  assert.equal(await isMember(db, acme.tenantId, (await db.selectFrom('users').select('id').where('email', '=', 'late@globex.test').executeTakeFirstOrThrow()).id), false);

  const crowded = await workspace(db, 'Crowded', 'crowd@crowded.test');
  await db
    .insertInto('membership_invitations')
    .values(Array.from({ length: 500 }, (_, i) => ({ tenant_id: crowded.tenantId, email: `guest${i}@crowded.test`, role: 'member' as const })))
    .execute();
  const crowdAdmin = await signedIn(crowded.email);
  const members = await crowdAdmin.request('/settings/members');
  const refused = await crowdAdmin.request('/settings/members', { form: { _csrf: WebUser.csrf(members.body), email: 'one.more@crowded.test', role: 'member' } });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /A workspace holds at most 500 open invitations; cancel some first/);
  const renewed = await crowdAdmin.request('/settings/members', { form: { _csrf: WebUser.csrf(members.body), email: 'guest7@crowded.test', role: 'admin' } });
  assert.equal(renewed.status, 303, 'inviting an email already invited renews it');
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
