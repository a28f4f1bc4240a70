/**
 * `POST /import/trackers` over real HTTP (docs/importer.md, "Tracker
 * import"): records written and read back through OData, updates in place,
 * and every kind of bad input answered with a precise 4xx that leaves every
 * tracker table as it was, in every workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createToken } from '../identity/personal-access-tokens.ts';
import { SERVICE } from '../odata/model/services.ts';
import { workspace } from '../../test-support/hub.ts';
import { importerFixture } from '../../test-support/importer-fixture.ts';
import { MAX_TRACKER_RECORDS } from './tracker-input.ts';

const { db, data, acme, token, request } = await importerFixture({ worker: false });
const reader = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'read', scopes: ['api:read'] })).token;
const globex = await workspace(db, 'Globex', 'gil@globex.test');
const globexToken = (await createToken(db, { tenantId: globex.tenantId, userId: globex.userId, name: 'g', scopes: ['import'] })).token;
const json = { 'content-type': 'application/json' };

const post = (body: unknown, bearer: string | null = token) => request('POST', '/import/trackers', typeof body === 'string' ? body : JSON.stringify(body), json, bearer);

async function odata(path: string) {
  const reply = await request('GET', `/odata/${path}`, undefined, {}, reader);
  assert.equal(reply.status, 200, reply.text);
  return reply.json.value as Record<string, unknown>[];
}

/** Every row of the three tracker tables, of every workspace. */
async function snapshot() {
  const { rows } = await sql`
    select 'p' as kind, tenant_id, id, row_version::text as version from tracker_projects
    union all select 'i', tenant_id, id, row_version::text from tracker_issues
    union all select 'c', tenant_id, id, row_version::text from tracker_comments order by 1, 2, 3`.execute(db);
  return rows;
}

const BODY = {
  projects: [{ id: 'P1', key: 'ENG', name: 'Engineering', url: 'https://tracker.example/ENG' }, { id: 'P2', key: 'OPS', name: 'Operations' }],
  issues: [
    { id: 'I1', project_id: 'P1', key: 'ENG-1', title: 'SSO with Okta', description: 'Customers ask for SAML.', status: 'Open', priority: 'High', issue_type: 'Story', assignee: 'dana', created: '2025-02-06T14:41:38Z' },
    { id: 'I2', project_id: 'P1', key: 'ENG-2', title: 'Export is slow', status: null },
    { id: 'I3', project_id: 'P2', key: 'OPS-1', title: 'Backups' },
  ],
  comments: [
    { id: 'C1', issue_id: 'I1', author: 'dana', body: 'Okta first, then Azure AD.', created: '2025-02-07 09:00' },
    { id: 'C2', issue_id: 'I3', body: 'Nightly.' },
  ],
};

async function refused(body: unknown, status: number, code: string, target?: string, message?: RegExp, bearer: string | null = token) {
  const before = await snapshot();
  const reply = await post(body, bearer);
  assert.equal(reply.status, status, reply.text);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(reply.json?.error?.code, code, reply.text);
  if (target !== undefined) assert.equal(reply.json.error.target, target, reply.text);
  if (message) assert.match(reply.json.error.message, message);
  assert.deepEqual(await snapshot(), before, 'nothing written');
  return reply;
}

test('projects, issues and comments are created, linked to each other, and read back through OData', async () => {
  const reply = await post(BODY);
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual(reply.json, {
    service: SERVICE.manualUpload,
    projects: { created: 2, updated: 0 },
    issues: { created: 3, updated: 0 },
    comments: { created: 2, updated: 0 },
  });
  const [eng] = await odata(`TrackerProjects?$filter=service_id eq 'P1'`);
  assert.deepEqual([eng!.key, eng!.name, eng!.service, eng!.url], ['ENG', 'Engineering', SERVICE.manualUpload, 'https://tracker.example/ENG']);
  const issues = await odata(`TrackerIssues?$filter=project_id eq '${eng!.id}'&$orderby=key&$expand=TrackerComments`);
  assert.deepEqual(issues.map((i) => [i.key, i.title, i.status, i.insight_count]), [['ENG-1', 'SSO with Okta', 'Open', 0], ['ENG-2', 'Export is slow', null, 0]]);
  assert.equal(issues[0]!.created, '2025-02-06T14:41:38Z');
  assert.deepEqual((issues[0]!.TrackerComments as Record<string, unknown>[]).map((c) => [c.author, c.body, c.created]), [['dana', 'Okta first, then Azure AD.', '2025-02-07T09:00:00Z']]);
});

test('posting the same records again updates them in place: fields replaced, created kept, updated moved', async () => {
  const [before] = await odata(`TrackerIssues?$filter=key eq 'ENG-1'`);
  const reply = await post({ projects: [{ id: 'P1', key: 'ENG', name: 'Engineering (core)' }], issues: [{ id: 'I1', project_id: 'P2', key: 'ENG-1', title: 'SSO with Okta and Azure AD', status: 'In Progress' }] });
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual([reply.json.projects, reply.json.issues, reply.json.comments], [{ created: 0, updated: 1 }, { created: 0, updated: 1 }, { created: 0, updated: 0 }]);
  const [after] = await odata(`TrackerIssues?$filter=key eq 'ENG-1'`);
  const [ops] = await odata(`TrackerProjects?$filter=service_id eq 'P2'`);
  assert.equal(after!.id, before!.id, 'the same record');
  assert.deepEqual([after!.title, after!.status, after!.description, after!.project_id], ['SSO with Okta and Azure AD', 'In Progress', null, ops!.id], 'a field left out is emptied');
  assert.equal(after!.created, '2025-02-06T14:41:38Z', 'created is kept');
  assert.ok(String(after!.updated) > String(before!.updated));
  assert.equal((await odata(`TrackerProjects?$filter=service_id eq 'P1'`))[0]!.url, null);
});

test('a tracker service is named by its name or UUID; the same tracker ids under another service are other records; a project written by another path is updated, not duplicated', async () => {
  await data.insertInto('tracker_projects').values({ tenant_id: acme.tenantId, id: 'proj-core', key: 'CORE', name: 'Core', service: SERVICE.jira, service_id: '10000', updated: new Date() }).execute();
  const reply = await post({ service: 'jira', projects: [{ id: '10000', key: 'CORE', name: 'Core platform' }, { id: 'P1', key: 'ENG', name: 'Engineering in Jira' }], issues: [{ id: 'I1', project_id: '10000', key: 'CORE-1', title: 'Crash on login' }] });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.json.service, SERVICE.jira);
  assert.deepEqual([reply.json.projects, reply.json.issues], [{ created: 1, updated: 1 }, { created: 1, updated: 0 }]);
  assert.equal((await odata(`TrackerProjects?$filter=service_id eq 'P1'`)).length, 2, 'P1 of Manual Upload and P1 of Jira');
  assert.deepEqual((await odata(`TrackerProjects?$filter=service_id eq '10000'`)).map((p) => [p.id, p.name]), [['proj-core', 'Core platform']]);
  assert.equal((await odata(`TrackerIssues?$filter=key eq 'CORE-1'`))[0]!.project_id, 'proj-core');
  assert.equal((await post({ service: SERVICE.jira.toUpperCase(), projects: [] })).status, 200, 'a UUID in any case');
});

test('auth: no token 401 before the body is judged, a token without the import scope 403', async () => {
  await refused('{not json', 401, 'IDENTITY_INVALID_TOKEN', undefined, undefined, null);
  await refused(BODY, 403, 'IDENTITY_INSUFFICIENT_SCOPE', undefined, undefined, reader);
});

test('a body that is not JSON, not of JSON type, or too large: the platform\u2019s 400, 415 and 413', async () => {
  await refused('{"projects": [', 400, 'PLATFORM_MALFORMED_BODY');
  const before = await snapshot();
  const text = await request('POST', '/import/trackers', JSON.stringify(BODY), { 'content-type': 'text/plain' });
  assert.deepEqual([text.status, text.json.error.code], [415, 'PLATFORM_UNSUPPORTED_MEDIA_TYPE']);
  const large = await post({ issues: [{ id: 'big', project_id: 'P1', key: 'K', title: 'T', description: 'x'.repeat(1_100_000) }] });
  assert.deepEqual([large.status, large.json.error.code], [413, 'PLATFORM_BODY_TOO_LARGE']);
  assert.deepEqual(await snapshot(), before);
});

test('the wrong shape or types: 400 IMPORTER_TRACKER_INVALID_BODY naming the place', async () => {
  await refused([], 400, 'IMPORTER_TRACKER_INVALID_BODY', undefined, /The body must be a JSON object/);
  await refused({ project: [] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'project', /the fields are service, projects, issues, comments/);
  await refused({ projects: {} }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'projects', /must be an array, not an object/);
  await refused({ projects: ['P1'] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'projects[0]', /must be an object, not a string/);
  await refused({ projects: [{ id: 'P9', key: 'K', name: 'N' }], issues: [{ id: 'I9', project_id: 'P9', key: 'K-1', title: 42 }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].title', /must be a non-empty string of at most 10000 characters, not a number/);
  await refused({ issues: [{ id: 7, project_id: 'P1', key: 'K-1', title: 'T' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].id', /not a number/);
  await refused({ issues: [{ id: '  ', project_id: 'P1', key: 'K-1', title: 'T' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].id');
  await refused({ issues: [{ id: 'I9', project_id: 'P1', title: 'T' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].key', /is required/);
  await refused({ issues: [{ id: 'I9', project_id: 'P1', key: 'K', title: 'T', titel: 'typo' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].titel', /is not a field of issues/);
  await refused({ issues: [{ id: 'I9', project_id: 'P1', key: 'K', title: 'T', status: ['Open'] }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].status', /not an array/);
  await refused({ issues: [{ id: 'x'.repeat(501), project_id: 'P1', key: 'K', title: 'T' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].id', /at most 500 characters/);
  await refused({ projects: [{ id: 'P9', key: 'K', name: 'N' }], comments: [{ id: 'C9', issue_id: 'I1', body: 'b', created: 'yesterday' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'comments[0].created', /a date-time \(ISO 8601/);
  await refused({ issues: [{ id: 'I9', project_id: 'P1', key: 'K', title: 'T', created: '2025-02-30T10:00:00Z' }] }, 400, 'IMPORTER_TRACKER_INVALID_BODY', 'issues[0].created');
  await refused('{"projects": [{"id": "P9", "key": "K", "name": "N\\u0000"}]}', 400, 'IMPORTER_TRACKER_INVALID_BODY', 'projects[0].name', /without NUL characters/);
  await refused('{"projects": [{"id": "P9", "key": "K", "name": "half \\ud800 a pair"}]}', 400, 'IMPORTER_TRACKER_INVALID_BODY', 'projects[0].name', /unpaired surrogates/);
  await refused({ service: 'salesforce', projects: [] }, 400, 'IMPORTER_TRACKER_UNKNOWN_SERVICE', 'service', /"Manual Upload" \(66f8a52a-1908-11ef-a0d6-475211cce46c\) or "Jira"/);
  await refused({ service: 3 }, 400, 'IMPORTER_TRACKER_UNKNOWN_SERVICE', 'service');
});

test('the same id twice in one kind: 400 IMPORTER_TRACKER_DUPLICATE_ID naming both places', async () => {
  await refused(
    { projects: [{ id: 'P1', key: 'ENG', name: 'E' }], issues: [{ id: 'D1', project_id: 'P1', key: 'A', title: 'a' }, { id: 'D2', project_id: 'P1', key: 'B', title: 'b' }, { id: 'D1', project_id: 'P1', key: 'C', title: 'c' }] },
    400, 'IMPORTER_TRACKER_DUPLICATE_ID', 'issues[2].id', /issues\[0\] and issues\[2\] have the same id "D1"/,
  );
});

test('more records than one request may hold: 413 IMPORTER_TRACKER_TOO_MANY_RECORDS', async () => {
  const comments = Array.from({ length: MAX_TRACKER_RECORDS + 1 }, (_, k) => ({ id: `c${k}`, issue_id: 'I1', body: '.' }));
  await refused({ comments }, 413, 'IMPORTER_TRACKER_TOO_MANY_RECORDS', undefined, /holds 10001 records; at most 10000/);
});

test('a reference to a project or issue that does not exist, or exists in another workspace or service: 422, and nothing of the body is written', async () => {
  await refused({ projects: [{ id: 'P7', key: 'NEW', name: 'New' }], issues: [{ id: 'I7', project_id: 'P7', key: 'NEW-1', title: 'ok' }, { id: 'I8', project_id: 'nope', key: 'NEW-2', title: 'orphan' }] },
    422, 'IMPORTER_TRACKER_UNKNOWN_REFERENCE', 'issues[1].project_id', /issues\[1\]\.project_id "nope" names no project of this service/);
  await refused({ issues: [{ id: 'I5', project_id: '10000', key: 'X-1', title: 'Jira project, manual service' }] }, 422, 'IMPORTER_TRACKER_UNKNOWN_REFERENCE', 'issues[0].project_id');
  await refused({ comments: [{ id: 'C9', issue_id: 'I404', body: 'where?' }] }, 422, 'IMPORTER_TRACKER_UNKNOWN_REFERENCE', 'comments[0].issue_id', /names no issue/);
  // Acme's P1 and I1 exist; to Globex they do not.
  await refused({ issues: [{ id: 'G1', project_id: 'P1', key: 'G-1', title: 'not mine' }] }, 422, 'IMPORTER_TRACKER_UNKNOWN_REFERENCE', 'issues[0].project_id', undefined, globexToken);
  await refused({ comments: [{ id: 'G2', issue_id: 'I1', body: 'not mine' }] }, 422, 'IMPORTER_TRACKER_UNKNOWN_REFERENCE', 'comments[0].issue_id', undefined, globexToken);
  const theirs = await post({ projects: [{ id: 'P1', key: 'GLX', name: 'Globex eng' }], issues: [{ id: 'I1', project_id: 'P1', key: 'GLX-1', title: 'Their own' }] }, globexToken);
  assert.equal(theirs.status, 200, theirs.text);
  assert.deepEqual([theirs.json.projects.created, theirs.json.issues.created], [1, 1], 'the same tracker ids are new records in another workspace');
  assert.equal((await odata(`TrackerIssues?$filter=key eq 'ENG-1'`))[0]!.title, 'SSO with Okta and Azure AD', "Acme's issue untouched");
});
