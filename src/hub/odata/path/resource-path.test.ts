import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors/app-error.ts';
import { parseResourcePath } from './resource-path.ts';

const summary = (raw: string) => {
  const path = parseResourcePath(raw);
  return { set: path.set.name, key: path.key, navigation: path.navigation?.name, count: path.count };
};

test('sets, case-insensitively, with $count', () => {
  assert.deepEqual(summary('Conversations'), { set: 'Conversations', key: undefined, navigation: undefined, count: false });
  assert.deepEqual(summary('contacts'), { set: 'Contacts', key: undefined, navigation: undefined, count: false });
  assert.deepEqual(summary('Insights/$count'), { set: 'Insights', key: undefined, navigation: undefined, count: true });
});

test('keys in every spelling clients use', () => {
  const id = '5a160c5c-e861-11ef-9289-3b02e438cdf3';
  for (const raw of [`Conversations/${id}`, `Conversations(${id})`, `Conversations('${id}')`, `Conversations(id='${id}')`]) {
    assert.equal(summary(raw).key, id, raw);
  }
  assert.equal(summary("Contacts('it''s')").key, "it's");
  assert.equal(summary('Contacts/acc%2F001').key, 'acc/001');
  assert.equal(summary("Contacts('a%20b')").key, 'a b');
});

test('navigation from one entity, and its $count', () => {
  assert.deepEqual(summary("Conversations('c1')/Participants"), { set: 'Conversations', key: 'c1', navigation: 'Participants', count: false });
  assert.deepEqual(summary('Conversations/c1/Participants/$count'), { set: 'Conversations', key: 'c1', navigation: 'Participants', count: true });
  assert.deepEqual(summary('Contacts(c1)/Account'), { set: 'Contacts', key: 'c1', navigation: 'Account', count: false });
});

test('bad paths: unknown sets and navigation are 404, malformed ones 400, with the reason', () => {
  const fails = (raw: string, code: string, status: number, message?: RegExp) =>
    assert.throws(() => parseResourcePath(raw), (e: unknown) => e instanceof AppError && e.code === code && e.statusCode === status && (!message || message.test(e.message)), raw);
  fails('Nope', 'ODATA_UNKNOWN_SET', 404, /No entity set Nope/);
  fails('Contacts(c1)/Friends', 'ODATA_UNKNOWN_NAVIGATION', 404, /Contact has no navigation property Friends/);
  fails('Contacts(c1)/account', 'ODATA_UNKNOWN_NAVIGATION', 404);
  fails('Contacts(c1', 'ODATA_BAD_PATH', 400, /malformed key/);
  fails("Contacts('unterminated)", 'ODATA_BAD_PATH', 400);
  fails('Contacts//c1', 'ODATA_BAD_PATH', 400, /empty segment/);
  fails('Contacts/%E0%A4%A', 'ODATA_BAD_PATH', 400, /percent-encoding/);
  fails('Contacts(c1)/$count', 'ODATA_BAD_PATH', 400, /not to one entity/);
  fails('Contacts(c1)/Account/$count', 'ODATA_BAD_PATH', 400, /single entity/);
  fails('Contacts/$count/x', 'ODATA_BAD_PATH', 400, /last segment/);
  fails('Conversations(c1)/Participants(p1)/Contact', 'ODATA_UNKNOWN_NAVIGATION', 404);
  fails('Conversations/c1/Participants/p1', 'ODATA_BAD_PATH', 400, /beyond one level/);
});
