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

test('client and token commands: create, list, use, rotate, revoke, delete', async () => {
  const tenant = (await cli('tenant', 'create', '--name', 'Clients', '--admin-email', 'admin@clients.test', '--admin-password', 'a long password')).json;
  const created = await cli('client', 'create', '--tenant', tenant.tenant_id, '--name', 'Acme', '--redirect-uri', 'https://acme.test/cb', '--redirect-uri', 'http://localhost:3000/cb');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.json.client_id, /^ctc_/);
  assert.match(created.json.client_secret, /^cts_/);

  const listed = await cli('client', 'list', '--tenant', tenant.tenant_id);
  assert.deepEqual(listed.json.map((c: { client_id: string; redirect_uris: string[] }) => [c.client_id, c.redirect_uris]), [[created.json.client_id, ['https://acme.test/cb', 'http://localhost:3000/cb']]]);
  assert.doesNotMatch(listed.stdout, /cts_/, 'secrets are never listed');

  const rotated = await cli('client', 'rotate-secret', '--tenant', tenant.tenant_id, '--id', created.json.client_id);
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.notEqual(rotated.json.client_secret, created.json.client_secret);

  const badUri = await cli('client', 'create', '--tenant', tenant.tenant_id, '--name', 'Bad', '--redirect-uri', 'http://acme.test/cb');
  assert.equal(badUri.code, 1);
  assert.equal(badUri.json.error.code, 'IDENTITY_INVALID_REDIRECT_URI');

  const other = (await cli('tenant', 'create', '--name', 'Other', '--admin-email', 'admin@other-clients.test', '--admin-password', 'a long password')).json;
  const crossTenant = await cli('client', 'delete', '--tenant', other.tenant_id, '--id', created.json.client_id);
  assert.equal(crossTenant.code, 1);
  assert.equal(crossTenant.json.error.code, 'IDENTITY_CLIENT_NOT_FOUND');

  const deleted = await cli('client', 'delete', '--tenant', tenant.tenant_id, '--id', created.json.client_id);
  assert.deepEqual(deleted.json, { deleted: created.json.client_id });
  assert.deepEqual((await cli('client', 'list', '--tenant', tenant.tenant_id)).json, []);

  const token = await cli('token', 'create', '--tenant', tenant.tenant_id, '--email', 'ADMIN@clients.test', '--scopes', 'import,api:read', '--name', 'nightly');
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.json.token, /^ctp_[A-Za-z0-9_-]{43}$/);
  const tokens = await cli('token', 'list', '--tenant', tenant.tenant_id);
  assert.deepEqual(tokens.json.map((t: { id: string; name: string; scopes: string[] }) => [t.id, t.name, t.scopes]), [[token.json.id, 'nightly', ['import', 'api:read']]]);
  assert.doesNotMatch(tokens.stdout, new RegExp(token.json.token));

  const badScope = await cli('token', 'create', '--tenant', tenant.tenant_id, '--email', 'admin@clients.test', '--scopes', 'admin');
  assert.equal(badScope.json.error.code, 'IDENTITY_INVALID_SCOPE');
  const notMember = await cli('token', 'create', '--tenant', other.tenant_id, '--email', 'admin@clients.test', '--scopes', 'import');
  assert.equal(notMember.json.error.code, 'IDENTITY_NOT_A_MEMBER');
  const badExpiry = await cli('token', 'create', '--tenant', tenant.tenant_id, '--email', 'admin@clients.test', '--scopes', 'import', '--expires', 'tomorrow');
  assert.equal(badExpiry.code, 2);

  const crossRevoke = await cli('token', 'revoke', '--tenant', other.tenant_id, '--id', token.json.id);
  assert.equal(crossRevoke.json.error.code, 'IDENTITY_TOKEN_NOT_FOUND');
  const revoked = await cli('token', 'revoke', '--tenant', tenant.tenant_id, '--id', token.json.id);
  assert.deepEqual(revoked.json, { revoked: token.json.id });
  assert.deepEqual((await cli('token', 'list', '--tenant', tenant.tenant_id)).json, []);
});
