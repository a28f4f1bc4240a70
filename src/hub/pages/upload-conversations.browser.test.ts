/**
 * Upload conversations in a real browser: a member pastes a transcript with
 * its details, or picks a JSON file, lands on the job's page and sees each
 * conversation processed with its OData URL; bad input gets an error page
 * naming the problem and stores nothing; a form without its CSRF token is
 * refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test-support/browser.ts';
import { conversationsFixture } from '../../test-support/conversations-fixture.ts';
import { PASSWORD } from '../../test-support/hub.ts';
import { waitFor } from '../../test-support/processes.ts';
import { addUserToTenant, createUser } from '../../platform/tenancy/tenancy.ts';

const { db, hub, acme, odata } = await conversationsFixture();
await createUser(db, { email: 'mo@acme.test', password: PASSWORD });
await addUserToTenant(db, { tenantId: acme.tenantId, email: 'mo@acme.test', role: 'member' });
const browser = await launchBrowser();

async function signIn(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${hub.url}/conversations/upload`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/conversations\/upload$/);
  return page;
}

/** Reloads the job page until its status is final; returns the page's text. */
async function finished(page: Page): Promise<string> {
  return waitFor(
    async () => {
      const status = await page.locator('#job-status').innerText();
      if (status === 'completed' || status === 'failed') return page.locator('main').innerText();
      await page.reload();
      return undefined;
    },
    20_000,
    () => 'the job did not finish',
  );
}

/** Pastes a transcript, fills in its details as a person would, and uploads it. */
async function pasteTranscript(page: Page, transcript: { text: string; format: string; id: string; type: string; customers: string; team?: string }) {
  await page.getByLabel('Or paste it here').fill(transcript.text);
  await page.getByLabel('Format').selectOption(transcript.format);
  await page.getByLabel('Id in its source').fill(transcript.id);
  await page.getByLabel('Type').selectOption(transcript.type);
  await page.getByLabel(/^Started at/).fill('2026-01-05T10:00:00Z');
  await page.getByLabel(/^Customers/).fill(transcript.customers);
  if (transcript.team) await page.getByLabel(/^Your team/).fill(transcript.team);
  await page.getByRole('button', { name: 'Upload' }).click();
}

const conversationsCount = async () => Number((await sql<{ n: string }>`select count(*) as n from conversations where tenant_id = ${acme.tenantId}`.execute(db)).rows[0]!.n);

test('a member pastes a WebVTT transcript with its details and sees it processed, with its OData URL', async () => {
  const page = await signIn('mo@acme.test');
  await page.getByRole('link', { name: 'Upload conversations' }).first().click();
  await pasteTranscript(page, {
    text: 'WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Ada>The export keeps crashing every morning.</v>\n\n00:00:03.000 --> 00:00:05.000\n<v Bob>Sorry, we are on it.</v>\n',
    format: 'text/vtt',
    id: 'page-call-1',
    type: 'call',
    customers: 'Ada <ada@customer.test>',
    team: 'Bob',
  });
  await page.waitForURL(/\/conversations\/upload\/jobs\/[0-9a-f-]{36}$/);
  const text = await finished(page);
  assert.match(text, /Status\s+completed/);
  assert.match(text, /Processed\s+1 of 1/);
  assert.match(text, /page-call-1\s+processed/);
  const href = await page.locator('a[href*="/odata/Conversations("]').getAttribute('href');
  const id = /Conversations\('([^']+)'\)/.exec(href!)![1]!;
  assert.ok(href!.startsWith(`${hub.url}/odata/Conversations('${id}')`));
  const conversation = (await odata(`/odata/Conversations('${id}')?$expand=Participants,Fragments`)).body;
  assert.equal(conversation.status, 'processed');
  assert.equal(conversation.Fragments.length, 2);
  assert.deepEqual(conversation.Participants.map((p: any) => [p.name, p.role]).sort(), [['Ada', 'customer'], ['Bob', 'internal']]);
});

test('a JSON file picked in the file input, its format from its name', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ct-upload-page-'));
  const file = path.join(dir, 'calls.json');
  const call = (id: string) => ({ id, type: 'chat', started_at: '2026-01-06T09:00:00Z', participants: [{ name: 'Cy', role: 'customer' }], utterances: [{ speaker: 'Cy', text: 'How do I add users?' }] });
  writeFileSync(file, JSON.stringify([call('page-json-1'), call('page-json-2')]));
  const page = await signIn(acme.email);
  await page.getByLabel('File').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload' }).click();
  const text = await finished(page);
  assert.match(text, /Processed\s+2 of 2/);
  assert.match(text, /page-json-1\s+processed/);
  assert.match(text, /page-json-2\s+processed/);
});

test('bad input shows the ingestion error and stores nothing; a form without its CSRF token is refused', async () => {
  const before = await conversationsCount();
  const page = await signIn(acme.email);
  await page.getByLabel('Or paste it here').fill('[{"id": "x", "type": "call",}]');
  await page.getByRole('button', { name: 'Upload' }).click();
  assert.match(await page.locator('main').innerText(), /Line 1, column 29: a property name in double quotes was expected/);
  await page.goto(`${hub.url}/conversations/upload`);
  await pasteTranscript(page, { text: 'Ada: hello\nEve: who am I?', format: 'text/plain', id: 'page-bad', type: 'chat', customers: 'Ada' });
  assert.match(await page.locator('main').innerText(), /speaker "Eve" is not among the participants/);

  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const form = new FormData();
  form.append('text', JSON.stringify({ id: 'forged', type: 'call', started_at: '2026-01-05T10:00:00Z', participants: [], utterances: [{ text: 'x' }] }));
  const forged = await fetch(`${hub.url}/conversations/upload`, { method: 'POST', headers: { cookie: cookies }, body: form, redirect: 'manual' });
  assert.equal(forged.status, 403);
  assert.match(await forged.text(), /form/i);
  assert.equal(await conversationsCount(), before);
});
