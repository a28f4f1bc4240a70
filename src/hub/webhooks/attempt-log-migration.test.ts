import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../platform/migrations/migrator.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { listDeliveries } from './delivery-log.ts';

test('upgrading to the attempt log (migration 0011) keeps every attempt of existing deliveries, in order, and new ids are time-ordered', async () => {
  const { db } = await createTestDatabase({ migrated: false });
  const index = MIGRATIONS.findIndex((m) => m.name === '0011-webhook-attempt-log');
  for (const { text } of MIGRATIONS.slice(0, index)) await sql.raw(text).execute(db);

  await sql`insert into tenants (id, name) values ('00000000-0000-4000-8000-000000000001', 'Upgraded')`.execute(db);
  await sql`
    insert into webhook_subscriptions (tenant_id, id, url, secret)
    values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1', 'https://hooks.example/in', 'whsec_x')`.execute(db);
  await sql`
    insert into webhook_events (tenant_id, id, event, body)
    values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000e1', 'webhook_test', '{}')`.execute(db);
  await sql`
    insert into webhook_deliveries (tenant_id, id, event_id, subscription_id, status, attempts, retries)
    values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000a1', 'delivered', 2, 1),
           ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000d2', '00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000a1', 'pending', 0, 0)`.execute(db);
  await sql`
    insert into webhook_attempts (tenant_id, delivery_id, attempt, started_at, status_code, latency_ms, response_body, error)
    values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000d1', 2, '2026-11-20T10:00:10.5+01', 200, 12, 'ok', null),
           ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000d1', 1, '2026-11-20T10:00:00.25+01', null, 10000, null, 'no answer within 10000 ms')`.execute(db);

  for (const { text } of MIGRATIONS.slice(index)) await sql.raw(text).execute(db);

  const log = await listDeliveries(db, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1');
  assert.deepEqual(
    log.map((d) => [d.id, d.attempts]),
    [
      ['00000000-0000-4000-8000-0000000000d2', []],
      [
        '00000000-0000-4000-8000-0000000000d1',
        [
          { attempt: 1, started_at: '2026-11-20T09:00:00.250Z', status_code: null, latency_ms: 10000, response_body: null, error: 'no answer within 10000 ms' },
          { attempt: 2, started_at: '2026-11-20T09:00:10.500Z', status_code: 200, latency_ms: 12, response_body: 'ok', error: null },
        ],
      ],
    ],
  );

  const { rows } = await sql<{ id: string }>`select webhook_uuidv7()::text as id from generate_series(1, 3)`.execute(db);
  for (const { id } of rows) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const millis = parseInt(rows[0]!.id.replaceAll('-', '').slice(0, 12), 16);
  assert.ok(Math.abs(millis - Date.now()) < 60_000, 'the first 48 bits are the Unix time in milliseconds');
});
