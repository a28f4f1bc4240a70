import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import { ENTITY_SETS, findEntitySet } from '../model/registry.ts';

const require = createRequire(import.meta.url);
// An independent CSDL implementation (OASIS TC member's xml2json) reads our XML.
const { xml2json } = require('odata-csdl') as { xml2json: (xml: string, options?: { strict?: boolean; messages?: unknown[] }) => Record<string, any> };

const { db } = await createTestDatabase();
const hub = await startHub(db);
const acme = await workspace(db, 'Acme', 'ada@acme.test');
const reader = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'reader', scopes: ['api:read'] });
const importer = await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'importer', scopes: ['import'] });
const auth = { authorization: `Bearer ${reader.token}` };

test('$metadata is CSDL XML by default, valid to an independent parser, with all 21 sets', async () => {
  const response = await fetch(`${hub.url}/odata/$metadata`, { headers: auth });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^application\/xml/);
  assert.equal(response.headers.get('odata-version'), '4.0');
  const xml = await response.text();
  const messages: unknown[] = [];
  const parsed = xml2json(xml, { strict: true, messages });
  assert.deepEqual(messages, []);
  assert.equal(parsed.$EntityContainer, 'CommonTime.Container');
  const container = parsed.CommonTime.Container;
  assert.deepEqual(Object.keys(container).filter((k) => !k.startsWith('$')).sort(), ENTITY_SETS.map((s) => s.name).sort());
  const contact = parsed.CommonTime.Contact;
  assert.equal(contact.$OpenType, true);
  assert.deepEqual(contact.$Key, ['id']);
  assert.equal(contact.id.$Nullable, undefined, 'the key is not nullable');
  assert.equal(contact.first_name.$Nullable, true);
  assert.deepEqual(contact.Account, { $Kind: 'NavigationProperty', $Type: 'CommonTime.Account', $Nullable: true });
  assert.equal(parsed.CommonTime.Lead.annual_revenue.$Type, 'Edm.Decimal');
  assert.equal(parsed.CommonTime.Topic.keywords.$Collection, true);
  assert.deepEqual(container.Contacts.$NavigationPropertyBinding, { Account: 'Accounts', Owner: 'Owners' });
});

test('the XML and JSON forms describe the same model', async () => {
  const xml = await (await fetch(`${hub.url}/odata/$metadata`, { headers: auth })).text();
  const fromXml = xml2json(xml);
  const served = await fetch(`${hub.url}/odata/$metadata?$format=json`, { headers: auth });
  assert.match(served.headers.get('content-type')!, /^application\/json/);
  const json = (await served.json()) as { CommonTime: Record<string, Record<string, Record<string, unknown>>> } & Record<string, any>;
  // Fixed facts of CSDL JSON 4.01 (§3.1 document, §3.3 reference), then every type against what PostgreSQL stores.
  assert.equal(json.$Version, '4.0');
  assert.equal(json.$EntityContainer, 'CommonTime.Container');
  assert.deepEqual(json.$Reference['https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml'], { $Include: [{ $Namespace: 'Org.OData.Core.V1', $Alias: 'Core' }] });
  const { rows: columns } = await sql<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>`
    select table_name, column_name, data_type, udt_name, is_nullable from information_schema.columns
    where table_schema = 'public' and column_name not in ('tenant_id', 'additional_fields', 'search_vector', 'row_version')
    order by table_name, ordinal_position`.execute(db);
  const EDM: Record<string, string> = { text: 'Edm.String', _text: 'Edm.String', bool: 'Edm.Boolean', int4: 'Edm.Int32', int8: 'Edm.Int64', numeric: 'Edm.Decimal', float8: 'Edm.Double', date: 'Edm.Date', timestamptz: 'Edm.DateTimeOffset', uuid: 'Edm.Guid' };
  for (const set of ENTITY_SETS) {
    const type = json.CommonTime[set.type]!;
    assert.equal(type.$Kind, 'EntityType', set.type);
    assert.deepEqual(type.$Key, ['id'], set.type);
    const structural = Object.entries(type).filter(([name, value]) => !name.startsWith('$') && !name.startsWith('@') && value.$Kind !== 'NavigationProperty');
    const stored = columns.filter((column) => column.table_name === set.table);
    // Column order is PostgreSQL's (a property added by alter table comes last), not the registry's: compare them as sets.
    assert.deepEqual(structural.map(([name]) => name).sort(), stored.map((column) => column.column_name).sort(), `${set.type}: one property per column`);
    for (const [name, value] of structural) {
      const column = stored.find((c) => c.column_name === name)!;
      assert.equal(value.$Type ?? 'Edm.String', EDM[column.udt_name], `${set.type}.${name}: ${column.udt_name}`);
      assert.equal(value.$Collection, column.data_type === 'ARRAY' ? true : undefined, `${set.type}.${name} collection`);
      if (column.is_nullable === 'NO') assert.equal(value.$Nullable, undefined, `${set.type}.${name}: a NOT NULL column is not nullable`);
    }
    const navigations = Object.entries(type).filter(([, value]) => value.$Kind === 'NavigationProperty');
    assert.deepEqual(navigations.map(([name, value]) => [name, value.$Type, value.$Collection ?? false]), set.navigation.map((n) => [n.name, `CommonTime.${findEntitySet(n.target)!.type}`, n.kind === 'many']), set.type);
    const binding = json.CommonTime.Container![set.name] as Record<string, any>;
    assert.deepEqual([binding.$Collection, binding.$Type], [true, `CommonTime.${set.type}`], set.name);
    assert.deepEqual(binding.$NavigationPropertyBinding ?? {}, Object.fromEntries(set.navigation.map((n) => [n.name, n.target])), set.name);
  }
  for (const set of ENTITY_SETS) {
    const a = fromXml.CommonTime[set.type];
    const b = json.CommonTime[set.type]!;
    for (const prop of set.properties) {
      assert.equal(a[prop.name].$Type, b[prop.name]!.$Type, `${set.type}.${prop.name} type`);
      assert.equal(a[prop.name].$Nullable, b[prop.name]!.$Nullable, `${set.type}.${prop.name} nullable`);
      assert.equal(a[prop.name].$Collection, b[prop.name]!.$Collection, `${set.type}.${prop.name} collection`);
    }
  }
  const byAccept = await fetch(`${hub.url}/odata/$metadata`, { headers: { ...auth, accept: 'application/json' } });
  assert.match(byAccept.headers.get('content-type')!, /^application\/json/);
  const caseInsensitive = await fetch(`${hub.url}/odata/$metadata?FORMAT=JSON`, { headers: auth });
  assert.match(caseInsensitive.headers.get('content-type')!, /^application\/json/);
});

test('the service document lists every set with its URL', async () => {
  const response = await fetch(`${hub.url}/odata`, { headers: auth });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^application\/json;odata\.metadata=minimal/);
  const body = (await response.json()) as { '@odata.context': string; value: { name: string; kind: string; url: string }[] };
  assert.equal(Object.keys(body)[0], '@odata.context');
  assert.equal(body['@odata.context'], `${hub.url}/odata/$metadata`);
  assert.equal(body.value.length, 21);
  assert.deepEqual(body.value.find((s) => s.name === 'Contacts'), { name: 'Contacts', kind: 'EntitySet', url: 'Contacts' });
});

test('the OData routes need a token with api:read (Basic with a PAT for BI tools)', async () => {
  assert.equal((await fetch(`${hub.url}/odata/$metadata`)).status, 401);
  const wrongScope = await fetch(`${hub.url}/odata`, { headers: { authorization: `Bearer ${importer.token}` } });
  assert.equal(wrongScope.status, 403);
  const basic = await fetch(`${hub.url}/odata/$metadata`, { headers: { authorization: `Basic ${Buffer.from(`powerbi:${reader.token}`).toString('base64')}` } });
  assert.equal(basic.status, 200);
});

test('$metadata and the service document check their query options as data requests do: a repeated $format or a foreign option is a 400', async () => {
  const answer = async (path: string) => {
    const response = await fetch(`${hub.url}${path}`, { headers: auth });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), code: response.status === 200 ? undefined : (JSON.parse(text) as { error: { code: string } }).error.code };
  };
  for (const query of ['$format=json&$format=json', '$format=json&format=xml', '$FORMAT=xml&$format=xml', '$format=']) {
    const data = await answer(`/odata/Accounts?${query}`);
    assert.equal(data.status, 400, `data request ${query}`);
    for (const document of ['/odata/$metadata', '/odata']) assert.deepEqual(await answer(`${document}?${query}`), data, `${document}?${query}`);
  }
  for (const option of ['$top=1', '$skip=1', '$filter=true', '$select=name', '$expand=*', '$orderby=name', '$count=true', '$search=x', '$skiptoken=x', '$deltatoken=x', '$compute=1 as one', '$apply=x', '$id=x', '$index=1', '@p=1']) {
    for (const document of ['/odata/$metadata', '/odata']) {
      const response = await fetch(`${hub.url}${document}?${option}`, { headers: auth });
      assert.equal(response.status, 400, `${document}?${option}`);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'ODATA_INVALID_QUERY', `${document}?${option}`);
      assert.match(body.error.message, /does not apply to|takes no parameter aliases/);
    }
  }
  // What does apply: $format (XML or JSON for $metadata, JSON for the service document), $schemaversion, custom options.
  assert.match((await answer('/odata/$metadata?$format=xml&$schemaversion=1&mine=1')).type!, /^application\/xml/);
  assert.match((await answer('/odata/$metadata?$format=application/json;odata.metadata=minimal')).type!, /^application\/json/);
  assert.equal((await answer('/odata?$format=json&mine=1')).status, 200);
  assert.deepEqual(await answer('/odata?$format=xml'), { status: 406, type: 'application/json; charset=utf-8', code: 'ODATA_NOT_ACCEPTABLE' });
  assert.equal((await answer('/odata/$metadata?$format=atom')).code, 'ODATA_NOT_ACCEPTABLE');
});
