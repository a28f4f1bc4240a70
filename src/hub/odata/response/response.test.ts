import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors/app-error.ts';
import { annotationNames, readPreferences } from './preferences.ts';
import { signedTokens } from './signed-token.ts';
import { formatterFor } from './value-format.ts';

test('page size: default 100, Prefer in both spellings, capped at 1000, nonsense ignored', () => {
  assert.equal(readPreferences({}).pageSize, 100);
  assert.equal(readPreferences({ prefer: 'odata.maxpagesize=25' }).pageSize, 25);
  assert.equal(readPreferences({ prefer: 'return=minimal, maxpagesize=7' }).pageSize, 7);
  assert.equal(readPreferences({ prefer: 'odata.maxpagesize=5000' }).pageSize, 1000);
  for (const prefer of ['odata.maxpagesize=0', 'odata.maxpagesize=-3', 'odata.maxpagesize=abc', 'odata.maxpagesize=1.5']) {
    assert.deepEqual([readPreferences({ prefer }).pageSize, readPreferences({ prefer }).pageSizeRequested], [100, false], prefer);
  }
});

test('track-changes, OData-MaxVersion and IEEE754Compatible are read from headers', () => {
  assert.equal(readPreferences({ prefer: 'odata.track-changes' }).trackChanges, true);
  assert.equal(readPreferences({ prefer: 'track-changes,odata.maxpagesize=2' }).trackChanges, true);
  assert.equal(readPreferences({ 'odata-maxversion': '4.0' }).version, '4.0');
  assert.equal(readPreferences({ 'odata-maxversion': '4.01' }).version, '4.01');
  assert.equal(readPreferences({}).version, '4.01');
  assert.equal(readPreferences({ accept: 'application/json;IEEE754Compatible=true' }).ieee754Compatible, true);
  assert.deepEqual(annotationNames('4.0', 'nextLink'), ['@odata.nextLink']);
  assert.deepEqual(annotationNames('4.01', 'nextLink'), ['@odata.nextLink', '@nextLink']);
});

test('values keep their precision and come out as OData JSON', () => {
  assert.equal(formatterFor('Edm.Decimal', false)('12345678901234567890.123456789'), '12345678901234567890.123456789');
  assert.equal(formatterFor('Edm.Decimal', true)('1.10'), '"1.10"');
  assert.equal(formatterFor('Edm.Int64', true)('9007199254740993'), '"9007199254740993"');
  assert.equal(formatterFor('Edm.Double', false)('NaN'), '"NaN"');
  assert.equal(formatterFor('Edm.Double', false)('-Infinity'), '"-INF"');
  assert.equal(formatterFor('Edm.DateTimeOffset', false)('2024-01-15 10:30:00'), '"2024-01-15T10:30:00Z"');
  assert.equal(formatterFor('Edm.DateTimeOffset', false)('2024-01-15 10:30:00.12'), '"2024-01-15T10:30:00.12Z"');
  assert.equal(formatterFor('Edm.Boolean', false)('true'), 'true');
  assert.equal(formatterFor('Edm.Boolean', false)('false'), 'false');
  assert.equal(formatterFor('Edm.String', false)('say "hi"\n'), '"say \\"hi\\"\\n"');
});

test('signed tokens round-trip under their key and option; edited, forged, foreign or swapped ones are a 400', () => {
  const tokens = signedTokens('key one');
  const token = tokens.encode('$skiptoken', ['2024-01-15T10:30:00Z', 42, null, 'c-1']);
  assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(tokens.decode('$skiptoken', token, 4), ['2024-01-15T10:30:00Z', 42, null, 'c-1']);
  const [payload, tag] = token.split('.');
  const edited = `${Buffer.from(JSON.stringify(['garbage', 42, null, 'c-1'])).toString('base64url')}.${tag}`;
  const foreign = signedTokens('another key').encode('$skiptoken', ['2024-01-15T10:30:00Z', 42, null, 'c-1']);
  for (const [bad, length] of [['!!!', 1], [edited, 4], [`${payload}`, 4], [foreign, 4], [tokens.encode('$skiptoken', ['a']), 2], ['x'.repeat(9000), 1]] as const) {
    assert.throws(() => tokens.decode('$skiptoken', bad, length), (e: unknown) => e instanceof AppError && e.statusCode === 400 && e.code === 'ODATA_INVALID_QUERY', String(bad).slice(0, 20));
  }
  assert.throws(() => tokens.decode('$deltatoken', token, 4), (e: unknown) => e instanceof AppError && e.statusCode === 400 && /\$deltatoken is not one this service issued/.test(e.message));
});
