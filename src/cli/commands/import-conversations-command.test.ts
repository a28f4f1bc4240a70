/**
 * `commontime import conversations` against a running hub and worker: the
 * file sent with the media type of its extension, a transcript's metadata
 * from --param, the job followed to its end, the exit code and the job
 * document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../test-support/processes.ts';
import { conversationsFixture } from '../../test-support/conversations-fixture.ts';

const { hub, token, odata } = await conversationsFixture();
const dir = mkdtempSync(path.join(tmpdir(), 'commontime-conversations-'));
function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}
const importCli = (...args: string[]) => runCli(['import', 'conversations', ...args, '--url', hub.url, '--token', token], {});

const CALL = {
  id: 'cli-call-1',
  type: 'call',
  started_at: '2026-01-05T10:00:00Z',
  participants: [{ name: 'Ada', role: 'customer' }, { name: 'Bob', role: 'internal' }],
  utterances: [{ speaker: 'Ada', text: 'The export keeps crashing.' }, { speaker: 'Bob', text: 'We will fix it.' }],
};

test('a JSON file: the final job document on stdout, each conversation processed and readable', async () => {
  const result = await importCli(file('calls.json', JSON.stringify([CALL, { ...CALL, id: 'cli-call-2' }])), '--json');
  assert.equal(result.code, 0, result.stderr);
  const document = result.json as any;
  assert.equal(document.status, 'completed');
  assert.equal(document.processed, 2);
  assert.deepEqual(document.conversations.map((c: any) => [c.service_id, c.status]), [['cli-call-1', 'processed'], ['cli-call-2', 'processed']]);
  assert.equal((await odata(`/odata/Conversations('${document.conversations[0].id}')`)).body.status, 'processed');
});

test('a WebVTT transcript with its metadata in --param; the summary on stderr', async () => {
  const vtt = file('kickoff.vtt', 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ada Lovelace>We need SSO.</v>\n');
  const result = await importCli(vtt, '--param', 'id=zoom-1', '--param', 'type=meeting', '--param', 'started_at=2026-01-05T10:00:00Z', '--param', 'customer=Ada Lovelace <ada@acme.test>');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /conversation import completed: 1 conversations processed \(job [0-9a-f-]{36}\)/);
  const participants = (await odata(`/odata/Participants?$filter=conversation_id eq '${(result.json as any).conversations[0].id}'`)).body.value;
  assert.deepEqual(participants.map((p: any) => [p.name, p.email, p.role]), [['Ada Lovelace', 'ada@acme.test', 'customer']]);
});

test('a refused upload exits 1 with the hub\u2019s error; an unknown extension or a bad --param is a usage error', async () => {
  const refused = await importCli(file('bad.ndjson', '{"id": "x",\n'), '--json');
  assert.equal(refused.code, 1);
  assert.deepEqual(refused.json, { error: { code: 'INGESTION_MALFORMED_JSON', message: 'Line 1, column 12: a property name in double quotes was expected' } });
  const unknown = await importCli(file('call.docx', 'x'));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /give --content-type/);
  const param = await importCli(file('t.txt', 'Ada: hi'), '--param', 'customer');
  assert.equal(param.code, 2);
  assert.match(param.stderr, /--param takes name=value/);
});
