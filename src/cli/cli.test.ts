import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../test-support/test-database.ts';
import { runCli } from '../test-support/processes.ts';

const database = await createTestDatabase();
const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
const cli = (...args: string[]) => runCli(args, env);

test('tenant create prints {tenant_id, user_id}; tenant list shows it', async () => {
  const created = await cli('tenant', 'create', '--name', 'SuperCo', '--admin-email', 'chris@superco.test', '--admin-password', 'a long password', '--plan', 'sponsored');
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(Object.keys(created.json), ['tenant_id', 'user_id']);
  assert.match(created.json.tenant_id, /^[0-9a-f-]{36}$/);
  assert.equal(created.stdout.trim().split('\n').length, 1, 'exactly one JSON document on stdout');

  const listed = await cli('tenant', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  const row = listed.json.find((t: { tenant_id: string }) => t.tenant_id === created.json.tenant_id);
  assert.deepEqual({ name: row.name, plan: row.plan }, { name: 'SuperCo', plan: 'sponsored' });
});

test('a duplicate email fails with exit 1, a JSON error and a human message, and creates no tenant', async () => {
  await cli('tenant', 'create', '--name', 'First', '--admin-email', 'dup@x.test', '--admin-password', 'a long password');
  const before = (await cli('tenant', 'list')).json.length;
  const duplicate = await cli('tenant', 'create', '--name', 'Second', '--admin-email', 'DUP@x.test', '--admin-password', 'a long password');
  assert.equal(duplicate.code, 1);
  assert.deepEqual(duplicate.json, { error: { code: 'TENANCY_EMAIL_TAKEN', message: 'A user with email DUP@x.test already exists' } });
  assert.match(duplicate.stderr, /commontime: A user with email DUP@x.test already exists/);
  assert.equal((await cli('tenant', 'list')).json.length, before);
});

test('missing or unknown options and unknown commands are usage errors (exit 2)', async () => {
  const missing = await cli('tenant', 'create', '--name', 'X');
  assert.equal(missing.code, 2);
  assert.equal(missing.json.error.code, 'CLI_USAGE');
  assert.match(missing.json.error.message, /missing --admin-email, --admin-password/);

  const unknownOption = await cli('tenant', 'list', '--colour', 'blue');
  assert.equal(unknownOption.code, 2);
  assert.match(unknownOption.json.error.message, /Unknown option '--colour'/);

  const unknownCommand = await cli('tenant', 'destroy');
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.json.error.message, /unknown command: tenant destroy/);

  const none = await cli();
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage: commontime <command>/);
});

test('--help documents a command and succeeds', async () => {
  const help = await cli('tenant', 'create', '--help');
  assert.equal(help.code, 0);
  assert.equal(help.json.command, 'tenant create');
  assert.match(help.stderr, /--admin-email <value>\s+\(required\)/);
});

test('user create and user add-to-tenant; unknown tenant and unknown user fail with exit 1', async () => {
  const tenant = (await cli('tenant', 'create', '--name', 'Team', '--admin-email', 'admin@team.test', '--admin-password', 'a long password')).json;
  const user = await cli('user', 'create', '--email', 'sam@team.test', '--password', 'a long password', '--name', 'Sam');
  assert.equal(user.code, 0, user.stderr);
  assert.deepEqual(Object.keys(user.json), ['user_id']);

  const added = await cli('user', 'add-to-tenant', '--tenant', tenant.tenant_id, '--email', 'sam@team.test', '--role', 'member');
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json, { tenant_id: tenant.tenant_id, user_id: user.json.user_id, role: 'member' });

  const unknownTenant = await cli('user', 'add-to-tenant', '--tenant', '11111111-1111-1111-1111-111111111111', '--email', 'sam@team.test', '--role', 'member');
  assert.equal(unknownTenant.code, 1);
  assert.equal(unknownTenant.json.error.code, 'TENANCY_TENANT_NOT_FOUND');

  const unknownUser = await cli('user', 'add-to-tenant', '--tenant', tenant.tenant_id, '--email', 'ghost@team.test', '--role', 'member');
  assert.equal(unknownUser.code, 1);
  assert.equal(unknownUser.json.error.code, 'TENANCY_USER_NOT_FOUND');

  const badRole = await cli('user', 'add-to-tenant', '--tenant', tenant.tenant_id, '--email', 'sam@team.test', '--role', 'owner');
  assert.equal(badRole.code, 1);
  assert.equal(badRole.json.error.code, 'TENANCY_INVALID_ROLE');

  const weak = await cli('user', 'create', '--email', 'weak@team.test', '--password', 'short');
  assert.equal(weak.code, 1);
  assert.equal(weak.json.error.code, 'TENANCY_WEAK_PASSWORD');
});

test('db migrate on a current database applies nothing', async () => {
  const migrated = await cli('db', 'migrate');
  assert.equal(migrated.code, 0, migrated.stderr);
  assert.deepEqual(migrated.json, { applied: [] });
});

test('an invalid configuration value stops a command with a message naming the variable', async () => {
  const result = await runCli(['start'], { ...env, PORT: 'eighty' });
  assert.equal(result.code, 1);
  assert.deepEqual(result.json, { error: { code: 'CONFIG_INVALID', message: 'PORT must be a TCP port number from 1 to 65535, got "eighty"' } });
  assert.match(result.stderr, /PORT must be a TCP port number/);
});

test('an unreachable DATABASE_URL fails with exit 1 and a message, not a crash', async () => {
  const result = await runCli(['tenant', 'list'], { ...env, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' });
  assert.equal(result.code, 1);
  assert.equal(result.json.error.code, 'CLI_FAILED');
  assert.match(result.json.error.message, /ECONNREFUSED/);
  assert.doesNotMatch(result.stdout + result.stderr, /nothing@/, 'the password is not echoed');
});
