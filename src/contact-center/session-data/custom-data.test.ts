import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { readCustomData } from './custom-data.ts';
import { customerFlagView, readCustomerFlagPatch } from './customer-flags.ts';

const SECRET = 'company-secret-of-acme';
const SEED_DATA = {
  reserved_verified_customer: { label: 'LABEL 1', value: true },
  reserved_bad_actor: { label: 'LABEL 2', value: false },
  reserved_repeat_customer: { label: 'LABEL 3', value: true },
  field1: { label: 'LABEL 4', value: 'dummy1' },
  field2: { label: 'LABEL 5', value: 'dummy2' },
};

const sign = (payload: Record<string, unknown>, secret = SECRET, alg = 'HS256') =>
  new SignJWT(payload).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));

const message = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a refusal');
};

test("the seed's unsigned body: reserved_* keys set the customer flags, the rest is custom data", async () => {
  const data = await readCustomData({ signed: false, data: SEED_DATA }, SECRET);
  assert.deepEqual(data.flags, { verified_customer: true, bad_actor: false, repeat_customer: true });
  assert.deepEqual(data.fields, { field1: { label: 'LABEL 4', value: 'dummy1' }, field2: { label: 'LABEL 5', value: 'dummy2' } });
});

test("signed_data made as the seed says (JWT.encode(payload, 'Company secret', 'HS256')) is read", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign({ custom_data: SEED_DATA, exp: now + 3600, iat: now });
  const data = await readCustomData({ signed: true, signed_data: token }, SECRET);
  assert.equal(data.fields.field2?.value, 'dummy2');
  assert.equal(data.flags.bad_actor, false);
});

test('forged, expired, unsigned-algorithm and exp-less signed_data are refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  assert.equal(await message(readCustomData({ signed: true, signed_data: await sign({ custom_data: SEED_DATA, exp: now + 60 }, 'another secret') }, SECRET)), 'signed_data must be a JWT signed with the company secret (HS256)');
  assert.equal(await message(readCustomData({ signed: true, signed_data: await sign({ custom_data: SEED_DATA, exp: now - 120, iat: now - 3600 }) }, SECRET)), 'signed_data has expired');
  assert.equal(await message(readCustomData({ signed: true, signed_data: await sign({ custom_data: SEED_DATA }) }, SECRET)), 'signed_data must be a JWT signed with the company secret (HS256)');
  assert.equal(await message(readCustomData({ signed: true, signed_data: await sign({ custom_data: SEED_DATA, exp: now + 60 }, SECRET, 'HS512') }, SECRET)), 'signed_data must be a JWT signed with the company secret (HS256)');
  const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ custom_data: SEED_DATA, exp: now + 60 })).toString('base64url');
  assert.equal(await message(readCustomData({ signed: true, signed_data: `${header}.${body}.` }, SECRET)), 'signed_data must be a JWT signed with the company secret (HS256)');
  assert.equal(await message(readCustomData({ signed: true, signed_data: 'x'.repeat(20_000) }, SECRET)), 'signed_data must be a JWT signed with the company secret (HS256)');
});

test('malformed custom data is a 400 naming what is wrong', async () => {
  const cases: [unknown, RegExp][] = [
    [[], /JSON object/],
    [{ signed: 'yes', data: SEED_DATA }, /signed must be true or false/],
    [{ signed: false, data: [] }, /data must be an object/],
    [{ signed: false, data: {} }, /1 to 50 fields/],
    [{ signed: false, data: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, { value: i }])) }, /1 to 50 fields/],
    [{ signed: false, data: { 'bad key!': { value: 1 } } }, /field names/],
    [{ signed: false, data: { f: 'plain' } }, /f must be \{"label", "value"\}/],
    [{ signed: false, data: { f: { value: { nested: true } } } }, /f.value must be/],
    [{ signed: false, data: { f: { value: 'x'.repeat(2001) } } }, /f.value must be/],
    [{ signed: false, data: { reserved_bad_actor: { value: 'yes' } } }, /reserved_bad_actor.value must be true or false/],
  ];
  for (const [body, expected] of cases) {
    const error = await message(readCustomData(body, SECRET));
    assert.match(error, expected, JSON.stringify(body).slice(0, 80));
  }
});

test('customer_flag reads the PATCH spelling repeat_customers and answers the GET spelling repeat_customer', () => {
  assert.deepEqual(readCustomerFlagPatch({ verified_customer: true, repeat_customers: true }), { verified_customer: true, repeat_customer: true });
  assert.deepEqual(customerFlagView({ verified_customer: true }), { verified_customer: true, bad_actor: false, repeat_customer: false });
  for (const bad of [{}, [], null, { verified_customer: 'true' }, { vip: true }]) {
    assert.throws(() => readCustomerFlagPatch(bad), /at least one of verified_customer, bad_actor, repeat_customers/);
  }
});
