import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { startTestServer } from '../../test-support/http.ts';
import { PASSWORD, workspace } from '../../test-support/hub.ts';
import { hubService } from '../hub-service.ts';

const { db } = await createTestDatabase();
await workspace(db, 'Acme', 'ada@acme.test');

async function cookiesAfterLogin(publicUrl: string) {
  const server = await startTestServer(hubService, db, { env: { PUBLIC_URL: publicUrl } });
  const form = await fetch(`${server.url}/login`);
  const csrfCookie = form.headers.getSetCookie().find((c) => c.startsWith('ct_csrf='))!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.split(';')[0]! },
    body: new URLSearchParams({ _csrf: csrf, email: 'ada@acme.test', password: PASSWORD }).toString(),
  });
  assert.equal(login.status, 303);
  return { csrf: csrfCookie, session: login.headers.getSetCookie().find((c) => c.startsWith('ct_session='))! };
}

test('behind https, every cookie is Secure, HttpOnly and SameSite=Lax', async () => {
  const { csrf, session } = await cookiesAfterLogin('https://ct.example.test');
  for (const cookie of [csrf, session]) {
    assert.match(cookie, /; Secure/i, cookie);
    assert.match(cookie, /; HttpOnly/i, cookie);
    assert.match(cookie, /; SameSite=Lax/i, cookie);
  }
});

test('over plain http (local use) cookies are not Secure, so the browser keeps them', async () => {
  const { csrf, session } = await cookiesAfterLogin('http://localhost:4000');
  for (const cookie of [csrf, session]) {
    assert.doesNotMatch(cookie, /; Secure/i, cookie);
    assert.match(cookie, /; HttpOnly/i, cookie);
  }
});
