import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, readBulkFile, MAX_BULK_ROWS } from './bulk-user-rows.ts';

const directory = {
  locations: new Map([['hq', 'HQ'], ['remote', 'Remote']]),
  teams: new Map([['support', { id: '7', name: 'Support' }], ['sales', { id: '8', name: 'Sales' }]]),
  maxChatLimit: 5,
};
const base = { email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' };
const errorsOf = (rows: unknown[]) => checkFile(rows, directory).errors;
const one = (fields: Record<string, unknown>) => errorsOf([{ ...base, ...fields }]).map((e) => [e.column, e.message]);

test("every rule of the seed's validation table, each with the column and row it names", () => {
  assert.deepEqual(one({ email: 'not an email' }), [['email', 'Must be a valid email']]);
  assert.deepEqual(one({ email: undefined }), [['email', 'Must be a valid email']]);
  assert.deepEqual(one({ new_email: 'x@' }), [['new_email', 'Must be a valid email']]);
  assert.deepEqual(one({ first_name: '  ' }), [['first_name', 'Must be a non-empty string']]);
  assert.deepEqual(one({ last_name: 7 }), [['last_name', 'Must be a non-empty string']]);
  assert.deepEqual(one({ status: 'active' }), [['status', 'Must be "Active", "Inactive", or empty']]);
  assert.deepEqual(one({ location: 'Mars' }), [['location', 'Must exactly match one of the existing locations (case-insensitive), or Null, or empty']]);
  assert.deepEqual(one({ max_chat_limit: 6 }), [['max_chat_limit', 'Must be 1 to 5 (inclusively), or empty']]);
  assert.deepEqual(one({ max_chat_limit: 0 }), [['max_chat_limit', 'Must be 1 to 5 (inclusively), or empty']]);
  assert.deepEqual(one({ max_chat_limit: 2.5 }), [['max_chat_limit', 'Must be 1 to 5 (inclusively), or empty']]);
  assert.deepEqual(one({ max_chat_limit_enabled: 'yes' }), [['max_chat_limit_enabled', 'Must be 0, 1 or empty']]);
  assert.deepEqual(one({ roles: [{ name: 'Agent', value: 2 }] }), [['roles', 'Must be 0, 1 or empty ("Agent")']]);
  assert.deepEqual(one({ roles: [{ name: 'Janitor', value: 1 }] }), [['roles', '"Janitor" is not one of the roles Admin, Manager, Agent']]);
  assert.deepEqual(one({ teams: [{ name: 'Billing', value: 1 }] }), [['teams', `"Billing" is not one of the center's teams`]]);
  assert.deepEqual(one({ teams: [{ name: 'Sales', value: 1 }, { name: 'sales', value: 0 }] }), [['teams', '"sales" is named twice']]);
  assert.deepEqual(one({ teams: 'Sales' }), [['teams', 'Must be a list of {"name", "value"}: name one of the center\'s teams, value 0, 1 or empty']]);
  assert.deepEqual(one({ firstname: 'Ada' }), [['firstname', 'Unknown column: the columns are email, new_email, agent_number, first_name, last_name, status, location, max_chat_limit, max_chat_limit_enabled, roles, teams']]);
  assert.deepEqual(one({ agent_number: 'A\u0000' }), [[null, 'Text cannot contain the NUL character (\\u0000)']], 'PostgreSQL cannot store it');
  assert.deepEqual(one({ ['\ud83dX']: 1 }), [['\uFFFDX', 'Unknown column: the columns are email, new_email, agent_number, first_name, last_name, status, location, max_chat_limit, max_chat_limit_enabled, roles, teams']], 'a name jsonb can hold');
  assert.deepEqual(errorsOf(['ada@example.org']), [{ row: 1, column: null, message: 'Must be an object of user fields (email, new_email, agent_number, first_name, last_name, status, location, max_chat_limit, max_chat_limit_enabled, roles, teams)' }]);
});

test('empty and null values are allowed where the seed allows them, and the center spells locations and teams', () => {
  const { rows, errors } = checkFile(
    [
      { ...base, status: '', location: null, max_chat_limit: '', max_chat_limit_enabled: '', roles: [{ name: 'manager', value: '1' }, { name: 'Agent', value: '' }], teams: [{ name: 'SUPPORT', value: 1 }, { name: 'Sales', value: '0' }] },
      { email: 'grace@example.org', first_name: 'Grace', last_name: 'Hopper', status: 'Inactive', location: 'remote', max_chat_limit: '5', max_chat_limit_enabled: 1, agent_number: 42 },
    ],
    directory,
  );
  assert.deepEqual(errors, []);
  assert.equal(rows[0]!.location, null);
  assert.equal(rows[0]!.active, undefined);
  assert.deepEqual([...rows[0]!.roles], [['Manager', true]]);
  assert.deepEqual([...rows[0]!.teams], [['7', true], ['8', false]]);
  assert.deepEqual([rows[1]!.location, rows[1]!.active, rows[1]!.maxChatLimit, rows[1]!.maxChatLimitEnabled, rows[1]!.agentNumber], ['Remote', false, 5, true, '42']);
});

test('email and new_email are unique within the file, case-insensitively, and every error of every row is reported in row order', () => {
  const errors = errorsOf([
    { ...base, new_email: 'new@example.org' },
    { ...base, email: 'ADA@example.org', first_name: '' },
    { ...base, email: 'bob@example.org', new_email: 'New@Example.org' },
  ]);
  assert.deepEqual(errors, [
    { message: 'Must be a non-empty string', column: 'first_name', row: 2 },
    { message: 'Must be unique within the file: row 1 has the same email', column: 'email', row: 2 },
    { message: 'Must be unique within the file: row 1 has the same new_email', column: 'new_email', row: 3 },
  ]);
  assert.deepEqual(checkFile([{ ...base }, { ...base, email: 'ada@example.org ' }], directory).rows, [], 'a file with errors applies no row');
});

test('a file that is not a JSON array of 1 to 10,000 rows is refused at upload, naming why', () => {
  const message = (text: string) => {
    try {
      readBulkFile(Buffer.from(text));
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };
  assert.match(message('{"email": "a@b.c"}'), /: it is not an array$/);
  assert.match(message('[]'), /: it has no rows$/);
  assert.match(message('[{'), /: it is not JSON \(/);
  assert.match(message(JSON.stringify(Array.from({ length: MAX_BULK_ROWS + 1 }, () => base))), /: it has 10001 rows$/);
  assert.equal(message(`\uFEFF${JSON.stringify([base])}`), 'accepted', 'a byte order mark is allowed');
});
