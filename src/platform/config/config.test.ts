import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

test('defaults are the documented ones', () => {
  const config = loadConfig({});
  assert.equal(config.port, 4000);
  assert.equal(config.contactCenterPort, 4001);
  assert.equal(config.messagingPort, 4002);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://localhost:4000');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('.data'));
  assert.equal(config.logLevel, 'info');
  assert.equal(config.oauthAccessTokenTtlSeconds, 86400, 'Four/Four\'s expires_in (docs/oauth.md)');
  assert.deepEqual([config.bodyIdleTimeoutMs, config.bodyMinBytesPerSecond, config.headersTimeoutMs], [30_000, 1024, 60_000]);
  assert.deepEqual([config.importConcurrency, config.importConcurrencyPerWorkspace, config.importSpoolDir], [16, 4, undefined]);
  assert.equal(loadConfig({ IMPORT_SPOOL_DIR: 'spool' }).importSpoolDir, path.resolve('spool'));
  assert.equal(config.phoneDefaultRegion, undefined);
  assert.equal(loadConfig({ PHONE_DEFAULT_REGION: 'gb' }).phoneDefaultRegion, 'GB', 'a region is read in any case');
});

test('PUBLIC_URL defaults to the configured PORT and is kept as an origin', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig({ PUBLIC_URL: 'https://ct.example.com/' }).publicUrl, 'https://ct.example.com');
  assert.equal(loadConfig({ PUBLIC_URL: 'HTTPS://CT.example.com:443' }).publicUrl, 'https://ct.example.com');
});

const invalid: [string, Record<string, string>, RegExp][] = [
  ['PORT', { PORT: 'abc' }, /^PORT must be a TCP port number from 1 to 65535, got "abc"$/],
  ['PORT', { PORT: '70000' }, /^PORT must be a TCP port/],
  ['PORT', { PORT: '-1' }, /^PORT must be a TCP port/],
  ['CONTACT_CENTER_PORT', { CONTACT_CENTER_PORT: '4.5' }, /^CONTACT_CENTER_PORT must be a TCP port/],
  ['MESSAGING_PORT', { MESSAGING_PORT: '0' }, /^MESSAGING_PORT must be a TCP port/],
  ['HOST', { HOST: 'local host; rm -rf' }, /^HOST must be an IP address or host name/],
  ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }, /^PUBLIC_URL must be an absolute http\(s\) URL/],
  ['PUBLIC_URL', { PUBLIC_URL: 'ftp://example.com' }, /^PUBLIC_URL must be an absolute http\(s\) URL/],
  ['PUBLIC_URL', { PUBLIC_URL: 'https://example.com/?x=1' }, /^PUBLIC_URL must be an origin only/],
  ['PUBLIC_URL', { PUBLIC_URL: 'https://example.com/base' }, /^PUBLIC_URL must be an origin only/],
  ['OAUTH_ACCESS_TOKEN_TTL_SECONDS', { OAUTH_ACCESS_TOKEN_TTL_SECONDS: '0' }, /^OAUTH_ACCESS_TOKEN_TTL_SECONDS must be a whole number/],
  ['DATABASE_URL', { DATABASE_URL: 'mysql://u:p@h/db' }, /^DATABASE_URL must be a postgres:\/\/ URL/],
  ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
  ['WORKER_CONCURRENCY', { WORKER_CONCURRENCY: '0' }, /^WORKER_CONCURRENCY must be a whole number from 1 to 256/],
  ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '1e6' }, /^BODY_LIMIT_BYTES must be a whole number/],
  ['BODY_IDLE_TIMEOUT_MS', { BODY_IDLE_TIMEOUT_MS: '5' }, /^BODY_IDLE_TIMEOUT_MS must be a whole number from 10 to 3600000/],
  ['BODY_MIN_BYTES_PER_SECOND', { BODY_MIN_BYTES_PER_SECOND: '-1' }, /^BODY_MIN_BYTES_PER_SECOND must be a whole number from 0/],
  ['HEADERS_TIMEOUT_MS', { HEADERS_TIMEOUT_MS: '1s' }, /^HEADERS_TIMEOUT_MS must be a whole number/],
  ['IMPORT_CONCURRENCY', { IMPORT_CONCURRENCY: '0' }, /^IMPORT_CONCURRENCY must be a whole number from 1 to 1024/],
  ['IMPORT_CONCURRENCY_PER_WORKSPACE', { IMPORT_CONCURRENCY_PER_WORKSPACE: 'many' }, /^IMPORT_CONCURRENCY_PER_WORKSPACE must be a whole number/],
  ['PHONE_DEFAULT_REGION', { PHONE_DEFAULT_REGION: 'UK' }, /^PHONE_DEFAULT_REGION must be an ISO 3166-1 alpha-2 country code/],
];

for (const [variable, env, message] of invalid) {
  test(`an invalid ${variable} (${JSON.stringify(Object.values(env)[0])}) is refused with a message naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable && message.test(error.message),
    );
  });
}

test('a DATABASE_URL password never appears in the error message', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'redis://user:s3cret@host/0' }),
    (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cret'),
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'pg:user:s3cret@host' }),
    (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cret'),
  );
});
