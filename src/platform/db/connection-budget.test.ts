import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../test-support/test-database.ts';
import { ConnectionBudget } from './connection-budget.ts';

const { pool } = await createTestDatabase();

test('a budget never holds the whole pool, and callers beyond it wait their turn while the rest of the pool serves others', async () => {
  // Asked for more than the pool of 5 has: it keeps one back.
  const budget = new ConnectionBudget(pool, 10);
  const held = await Promise.all([1, 2, 3, 4].map(() => budget.connect()));
  const order: string[] = [];
  const fifth = budget.connect().then((client) => (order.push('fifth'), client));
  const sixth = budget.connect().then((client) => (order.push('sixth'), client));
  // The pool's last connection is still free for everyone else (a read), though both callers asked first.
  assert.deepEqual((await pool.query('select 1 as one')).rows, [{ one: 1 }]);
  assert.deepEqual(order, [], 'the budget\'s share was full');
  held[0]!.release();
  held[1]!.release();
  const [a, b] = await Promise.all([fifth, sixth]);
  assert.deepEqual(order, ['fifth', 'sixth'], 'first come, first served');
  for (const client of [a, b, held[2]!, held[3]!]) client.release();
  assert.equal(pool.totalCount - pool.idleCount, 0, 'every client went back to the pool');
});

test('a failed connection attempt gives its share back', { timeout: 30_000 }, async () => {
  const broken = new ConnectionBudget(Object.assign(Object.create(pool), { connect: async () => Promise.reject(new Error('refused')), options: pool.options }), 1);
  await assert.rejects(broken.connect(), /refused/);
  // A share kept by the first failure would leave this caller waiting for ever.
  await assert.rejects(broken.connect(), /refused/);
});
