import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { contactCenterService } from '../../contact-center/contact-center-service.ts';
import { hubService } from '../../hub/hub-service.ts';
import { messagingService } from '../../messaging/messaging-service.ts';
import { onCleanup } from '../../test-support/cleanup.ts';
import { startTestServer } from '../../test-support/http.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { openDatabase } from '../db/database.ts';
import { openEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { createLogger } from '../logging/logger.ts';
import { migrate } from '../migrations/migrator.ts';

const logger = createLogger('silent');

async function readyz(url: string) {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as any };
}

test('/readyz is 503 while migrations are pending, naming them, and 200 once applied', async () => {
  const database = await createTestDatabase({ migrated: false });
  // The messaging service needs no table to start; the hub and the contact center read their secrets at start (after migrations, in production).
  const server = await startTestServer(messagingService, database.db);
  const before = await readyz(server.url);
  assert.equal(before.status, 503);
  assert.equal(before.body.status, 'not_ready');
  assert.equal(before.body.database, 'ok');
  assert.equal(before.body.migrations, 'pending');
  assert.ok(before.body.pending.includes('0001-tenancy'));
  await migrate(database, logger);
  assert.deepEqual(await readyz(server.url), { status: 200, body: { status: 'ready', database: 'ok', migrations: 'current' } });
});

test('/readyz turns 503 when the database goes away and back to 200 when it returns', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ct-readyz-'));
  let cluster = await openEmbeddedPostgres(dataDir, 'serve', logger);
  const handle = openDatabase(cluster.url, logger, { max: 2 });
  onCleanup(async () => {
    await handle.close();
    await cluster.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  await migrate(handle, logger);
  const server = await startTestServer(hubService, handle.db);
  assert.equal((await readyz(server.url)).status, 200);

  await cluster.stop();
  const started = Date.now();
  const down = await readyz(server.url);
  assert.deepEqual(down, { status: 503, body: { status: 'not_ready', database: 'unreachable', migrations: 'unknown' } });
  assert.ok(Date.now() - started < 4_000, 'the probe answers promptly while the database is down');
  // Liveness does not depend on the database.
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

  cluster = await openEmbeddedPostgres(dataDir, 'serve', logger);
  assert.equal(new URL(cluster.url).port, new URL(handle.pool.options.connectionString!).port, 'the restarted cluster keeps its port');
  assert.deepEqual(await readyz(server.url), { status: 200, body: { status: 'ready', database: 'ok', migrations: 'current' } });
});

test('/readyz stays 200 while every connection of the main pool is taken: it reports the database, not the pool', async () => {
  const database = await createTestDatabase();
  const server = await startTestServer(contactCenterService, database.db);
  const taken = await Promise.all(Array.from({ length: database.pool.options.max! }, () => database.pool.connect()));
  try {
    assert.equal(database.pool.totalCount - database.pool.idleCount, database.pool.options.max);
    assert.deepEqual(await readyz(server.url), { status: 200, body: { status: 'ready', database: 'ok', migrations: 'current' } });
  } finally {
    for (const client of taken) client.release();
  }
});
