/**
 * The three documents that list webhook events list the events the code
 * sends (webhook-events.ts): webhooks.md's table of every event, cli.md's
 * `--events` of `webhook create`, and importer.md's events of a finished job.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SUBSCRIBABLE_EVENTS, WEBHOOK_EVENTS } from './webhook-events.ts';

const read = (file: string) => readFileSync(new URL(`../../../docs/${file}`, import.meta.url), 'utf8');
const backticked = (text: string) => [...text.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);

test('webhooks.md has one row for each event the hub sends', () => {
  const section = /## Events\n([\s\S]*?)\n## /.exec(read('webhooks.md'))?.[1] ?? '';
  const rows = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]!);
  assert.deepEqual(rows, [...WEBHOOK_EVENTS]);
});

test('cli.md lists the events a subscription can ask for', () => {
  const row = /^\| `--events <value>` \|[^\n]*$/m.exec(read('cli.md'))?.[0] ?? '';
  assert.deepEqual(backticked(row), [...SUBSCRIBABLE_EVENTS]);
});

test('importer.md names the events of a finished import job', () => {
  const paragraph = /- \*\*Webhooks\.\*\* When a job ends([\s\S]*?)\n- /.exec(read('importer.md'))?.[1] ?? '';
  assert.deepEqual(backticked(paragraph).filter((name) => name.includes('_')), WEBHOOK_EVENTS.filter((name) => name.startsWith('import_job_')));
});
