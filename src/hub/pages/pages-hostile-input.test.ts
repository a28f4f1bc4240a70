/**
 * The pages against hand-made and hostile requests: every answer is a
 * precise 4xx page, nothing is written, nobody is redirected off-site.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { PASSWORD, startHub, workspace } from '../../test-support/hub.ts';
import { WebUser } from '../../test-support/web-user.ts';

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');

const signedInUser = () => WebUser.signIn(hub.url, acme.email, PASSWORD);

test('repeated, missing and oversized form fields get 4xx pages, never a 500', async () => {
  const user = new WebUser(hub.url);
  const login = await user.request('/login');
  const csrf = WebUser.csrf(login.body);
  const repeated = await user.request('/login', { form: { _csrf: csrf, email: [acme.email, 'x@y.test'], password: [PASSWORD, 'other'] } });
  assert.equal(repeated.status, 303, 'the first value of a repeated field is used');
  const missing = await new WebUser(hub.url).request('/login', { form: {} });
  assert.equal(missing.status, 403);
  const fresh = new WebUser(hub.url);
  const form = await fresh.request('/login');
  const empty = await fresh.request('/login', { form: { _csrf: WebUser.csrf(form.body) } });
  assert.equal(empty.status, 401);
  const huge = await fresh.request('/login', { form: { _csrf: WebUser.csrf(form.body), email: 'x'.repeat(70_000), password: 'p' } });
  assert.equal(huge.status, 413);
  assert.match(huge.body, /larger than the limit/);
});

// What `return_to` holds once the query or form is decoded. Each leaves the hub, or breaks the
// Location header, unless it is refused: the sign-in then lands on the default page.
const CONTROLS = ['\r', '\n', '\v', '\f', '\0', '\u2028', '\u2029'];
const HOSTILE_RETURN_TO = [
  '/\t/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '//evil.example/x',
  '/\\/evil.example',
  '///evil.example',
  '/.//evil.example',
  '/settings/..//evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  '',
  ...CONTROLS.map((c) => `/${c}/evil.example`),
];

test('sign-in never redirects off-site or fails, whatever return_to says: it lands on the default page', async () => {
  for (const returnTo of HOSTILE_RETURN_TO) {
    const user = new WebUser(hub.url);
    const login = await user.request(`/login?return_to=${encodeURIComponent(returnTo)}`);
    assert.equal(login.status, 200, JSON.stringify(returnTo));
    const hop = await user.request('/login', { form: { _csrf: WebUser.csrf(login.body), email: acme.email, password: PASSWORD, return_to: returnTo } });
    assert.equal(hop.status, 303, JSON.stringify(returnTo));
    assert.equal(hop.location, `${hub.url}/settings/connections`, JSON.stringify(returnTo));
    assert.equal((await user.request(hop.location)).status, 200, 'signed in');
    const again = await user.request(`/login?return_to=${encodeURIComponent(returnTo)}`);
    assert.equal(again.location, `${hub.url}/settings/connections`, `signed in already: ${JSON.stringify(returnTo)}`);
    assert.match(login.body, /name="return_to" value="\/settings\/connections"/, `the form carries the default page: ${JSON.stringify(returnTo)}`);
  }
});

test('percent-encoded return_to forms, as a link would carry them, stay on the hub', async () => {
  const user = await signedInUser();
  for (const raw of ['/%09/evil.example', '%2F%2Fevil.example', '/%5Cevil.example', '%5C%5Cevil.example', '/%0D%0ALocation:%20https://evil.example', '%2F%E2%80%A8%2Fevil.example', '/%00/evil.example']) {
    const hop = await user.request(`/login?return_to=${raw}`);
    assert.equal(hop.status, 303, raw);
    assert.equal(hop.location, `${hub.url}/settings/connections`, raw);
  }
  for (const c of CONTROLS) {
    const hop = await user.request(`/login?return_to=${encodeURIComponent(`/settings/members${c}Set-Cookie: ct_session=x`)}`);
    assert.equal(hop.location, `${hub.url}/settings/connections`, JSON.stringify(c));
  }
  // Encoded twice, the slashes are part of one path segment on the hub.
  for (const raw of ['/%252F%252Fevil.example', '/%255Cevil.example']) {
    const hop = await user.request(`/login?return_to=${raw}`);
    assert.equal(hop.location, `${hub.url}${decodeURIComponent(raw)}`, raw);
  }
});

test('a return_to on the hub is where sign-in lands, query and fragment included', async () => {
  for (const returnTo of ['/settings/members', '/settings/webhooks?x=1#deliveries']) {
    const user = new WebUser(hub.url);
    const login = await user.request(`/login?return_to=${encodeURIComponent(returnTo)}`);
    const ok = await user.request('/login', { form: { _csrf: WebUser.csrf(login.body), email: acme.email, password: PASSWORD, return_to: returnTo } });
    assert.equal(ok.location, `${hub.url}${returnTo}`);
  }
});

test('an interaction page opened without its browser session explains what to do', async () => {
  const hop = await new WebUser(hub.url).request('/interaction/made-up-uid');
  assert.equal(hop.status, 400);
  assert.match(hop.body, /This authorization step expired or was opened in another browser/);
});

test('hostile text is escaped wherever a page shows it', async () => {
  const user = await signedInUser();
  const page = await user.request('/settings/connections');
  const created = await user.request('/settings/connections/tokens', { form: { _csrf: WebUser.csrf(page.body), name: '<script>alert(1)</script>', scopes: 'api:read' } });
  assert.equal(created.status, 200);
  const list = await user.request('/settings/connections');
  assert.ok(!list.body.includes('<script>alert(1)</script>'));
  assert.ok(list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  const email = await user.request('/login?return_to=%22%3E%3Cscript%3E');
  assert.ok(!email.body.includes('"><script>'));
});

test('settings forms refuse bad input with the reason and write nothing', async () => {
  const user = await signedInUser();
  const page = await user.request('/settings/connections');
  const csrf = WebUser.csrf(page.body);
  const noScope = await user.request('/settings/connections/tokens', { form: { _csrf: csrf, name: 'x' } });
  assert.equal(noScope.status, 400);
  assert.match(noScope.body, /Unknown scope \(none\)/);
  const badScope = await user.request('/settings/connections/tokens', { form: { _csrf: csrf, name: 'x', scopes: ['api:read', 'admin'] } });
  assert.equal(badScope.status, 400);
  const pastExpiry = await user.request('/settings/connections/tokens', { form: { _csrf: csrf, name: 'x', scopes: 'api:read', expires_on: '2001-01-01' } });
  assert.equal(pastExpiry.status, 400);
  const garbageExpiry = await user.request('/settings/connections/tokens', { form: { _csrf: csrf, name: 'x', scopes: 'api:read', expires_on: '2030-13-45' } });
  assert.equal(garbageExpiry.status, 400);
  const manyUris = await user.request('/settings/connections/oauth-clients', { form: { _csrf: csrf, name: 'x', redirect_uris: Array.from({ length: 21 }, (_, i) => `https://x.test/${i}`).join('\n') } });
  assert.equal(manyUris.status, 400);
  const fragment = await user.request('/settings/connections/oauth-clients', { form: { _csrf: csrf, name: 'x', redirect_uris: 'https://x.test/cb#frag' } });
  assert.equal(fragment.status, 400);
  const unknownToken = await user.request('/settings/connections/tokens/not-a-uuid/revoke', { form: { _csrf: csrf } });
  assert.equal(unknownToken.status, 404);
  const tokens = await db.selectFrom('personal_access_tokens').select('name').where('name', '=', 'x').execute();
  assert.deepEqual(tokens, []);
  assert.deepEqual(await db.selectFrom('oauth_clients').select('id').execute(), []);
});

test('two first-run setups at once create one workspace', async () => {
  const { db: fresh } = await createTestDatabase();
  const freshHub = await startHub(fresh);
  const users = [new WebUser(freshHub.url), new WebUser(freshHub.url)];
  const forms = await Promise.all(users.map((u) => u.request('/')));
  const results = await Promise.all(
    users.map((u, i) => u.request('/setup', { form: { _csrf: WebUser.csrf(forms[i]!.body), workspace: `W${i}`, email: `w${i}@w.test`, password: 'a long enough password' } })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
  assert.equal((await fresh.selectFrom('tenants').select('id').execute()).length, 1);
  assert.equal((await fresh.selectFrom('users').select('id').execute()).length, 1);
});

test('password guessing is throttled: after 10 failures the right password is refused too, with Retry-After', async () => {
  const target = await workspace(db, 'Target', 'tina@target.test');
  const user = new WebUser(hub.url);
  for (let i = 0; i < 10; i++) {
    const form = await user.request('/login');
    const failed = await user.request('/login', { form: { _csrf: WebUser.csrf(form.body), email: i % 2 ? target.email : target.email.toUpperCase(), password: `guess ${i}` } });
    assert.equal(failed.status, 401);
  }
  const form = await user.request('/login');
  const blocked = await user.request('/login', { form: { _csrf: WebUser.csrf(form.body), email: target.email, password: PASSWORD } });
  assert.equal(blocked.status, 429);
  assert.match(blocked.body, /Too many failed sign-ins for this email; try again in 15 minutes/);
  assert.equal(user.hasCookie('ct_session'), false);
  // Other accounts are unaffected.
  const other = await user.request('/login', { form: { _csrf: WebUser.csrf(form.body), email: acme.email, password: PASSWORD } });
  assert.equal(other.status, 303);
});
