import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../platform/config/config.ts';
import { demoTenant } from '../../test-support/contact-center.ts';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { setAgentStatuses, settableStatus } from './agent-status.ts';

const database = await createTestDatabase();
const acme = await demoTenant(database.db, 'Acme');
const globex = await demoTenant(database.db, 'Globex');
const settings = await centerSettings(acme.db, acme.tenantId, loadConfig({}));

test('only Available and custom statuses may be set, spelled as the center spells them', async () => {
  assert.equal(await settableStatus(acme.db, acme.tenantId, 'lunch'), 'Lunch');
  assert.equal(await settableStatus(acme.db, acme.tenantId, 'available'), 'Available');
  assert.equal(await settableStatus(acme.db, acme.tenantId, 'In-Call'), undefined);
  assert.equal(await settableStatus(acme.db, acme.tenantId, 'Sleeping'), undefined);
});

test('an agent in a system status keeps it and says why; others change; other tenants are untouched', async () => {
  const [first, second] = acme.demo.agents;
  await acme.db.updateTable('cc_agents').set({ status: 'In-Call' }).where('tenant_id', '=', acme.tenantId).where('id', '=', String(second!.id)).execute();
  const foreign = globex.demo.agents[0]!;
  const changes = await acme.db.transaction().execute((trx) => setAgentStatuses(trx, settings, acme.tenantId, [String(first!.id), String(second!.id), String(foreign.id)], 'Lunch'));
  assert.deepEqual(changes.map((c) => [Number(c.agent.id), c.previousStatus, c.currentStatus, c.message]), [
    [first!.id, first!.status, 'Lunch', undefined],
    [second!.id, 'In-Call', 'In-Call', "Agent can't be changed from system status 'In-call'"],
  ]);
  const stored = await acme.db.selectFrom('cc_agents').select(['id', 'status']).where('tenant_id', '=', acme.tenantId).where('id', 'in', [String(first!.id), String(second!.id)]).orderBy('id').execute();
  assert.deepEqual(stored.map((row) => row.status), ['Lunch', 'In-Call']);
  const untouched = await globex.db.selectFrom('cc_agents').select('status').where('tenant_id', '=', globex.tenantId).where('id', '=', String(foreign.id)).executeTakeFirstOrThrow();
  assert.equal(untouched.status, foreign.status);
});
