/**
 * Never a 500. First a sweep: every canonical function, every operator, cast
 * and isof, applied to every kind of value the model has (literals of each
 * type, null, a missing alias, properties of each type). Then thousands of
 * random but well-formed queries over every set,
 * built from the model (properties of every type, navigation paths, counts,
 * lambdas, every canonical function, casts, aliases, nested expansions) with
 * literals of every kind, hostile strings included, sent over HTTP. Each
 * answer must be a 200, or a 4xx or 501 in the OData error body: the
 * compiler's checks, PostgreSQL's and the route's mapping of data errors
 * together must leave nothing that reaches the client as an internal error.
 * The generator is seeded, so a failure names a query that reproduces; to
 * search further, run this file with RANDOM_QUERIES_SEED and
 * RANDOM_QUERIES_COUNT set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../../test-support/test-database.ts';
import { startHub, workspace } from '../../../test-support/hub.ts';
import { loadDemo } from '../../../test-support/demo-fixture.ts';
import { createToken } from '../../identity/personal-access-tokens.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import { ENTITY_SETS, findEntitySet } from '../model/registry.ts';

const database = await createTestDatabase();
const hub = await startHub(database.db);
const acme = await workspace(database.db, 'Acme', 'ada@random.test');
await loadDemo(database, acme.tenantId, { conversations: 30, fragmentShare: 1 });
const token = (await createToken(database.db, { tenantId: acme.tenantId, userId: acme.userId, name: 'r', scopes: ['api:read'] })).token;

let state = Number(process.env.RANDOM_QUERIES_SEED ?? 20261122);
const COUNT = Number(process.env.RANDOM_QUERIES_COUNT ?? 2_000);
// A linear congruential generator; its high bits, since the low bits of a power-of-two modulus cycle quickly.
const random = (n: number) => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return Math.floor((state / 2 ** 31) * n);
};
const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;

const LITERALS = [
  'null', 'true', 'false', '0', '-1', '42', '2147483648', '9223372036854775807', '99999999999999999999', '1.5', '-0.000001', '1e308', '1e-320', 'INF', '-INF', 'NaN', '5L', '2.5D', '1.25M',
  "''", "'a'", "'it''s'", "'%_\\\\'", "'😀 café'", "'2024-02-30'", "'99999999999'", "'true'", "'x'' or ''1''=''1'", "'; drop table accounts; --'", `'${'x'.repeat(300)}'`,
  '2024-01-15', '2024-02-30', '0001-01-01', '9999-12-31', '2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123+05:30', '9999-12-31T23:59:59.999Z',
  '10:30:00', 'duration\'P1D\'', 'duration\'-PT1.5S\'', 'duration\'P99999999D\'', '01234567-89ab-cdef-0123-456789abcdef', '@p', '@missing',
];
const FUNCTIONS: readonly [string, number][] = [
  ['contains', 2], ['startswith', 2], ['endswith', 2], ['length', 1], ['indexof', 2], ['substring', 2], ['substring', 3], ['tolower', 1], ['toupper', 1], ['trim', 1], ['concat', 2],
  ['matchesPattern', 2], ['year', 1], ['month', 1], ['day', 1], ['hour', 1], ['minute', 1], ['second', 1], ['fractionalseconds', 1], ['date', 1], ['time', 1],
  ['totaloffsetminutes', 1], ['totalseconds', 1], ['now', 0], ['maxdatetime', 0], ['mindatetime', 0], ['round', 1], ['floor', 1], ['ceiling', 1],
];
const TYPES = ['Edm.String', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double', 'Edm.Boolean', 'Edm.Date', 'Edm.DateTimeOffset', 'Edm.Guid', 'Edm.Duration', 'CommonTime.Contact'];
const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'add', 'sub', 'mul', 'div', 'divby', 'mod', 'and', 'or', 'has'];

/** A random expression over `set`, `depth` levels at most; `variable` names a lambda variable in scope. */
function expression(set: EntitySetDefinition, depth: number, variable?: string): string {
  const property = () => pick(set.properties).name;
  const leaf = () => {
    switch (random(7)) {
      case 0:
        return pick(LITERALS);
      case 5:
        // null and a missing alias reach every function and operator typed as nothing in particular.
        return pick(['null', '@missing']);
      case 1: {
        const one = set.navigation.filter((n) => n.kind === 'one');
        if (one.length === 0) return property();
        const navigation = pick(one);
        return `${navigation.name}/${pick(findEntitySet(navigation.target)!.properties).name}`;
      }
      case 2: {
        const many = set.navigation.filter((n) => n.kind === 'many');
        return many.length ? `${pick(many).name}/$count` : property();
      }
      case 3:
        return variable && set.navigation.length ? `${variable}/${property()}` : `$it/${property()}`;
      default:
        return property();
    }
  };
  if (depth <= 0) return leaf();
  const inner = () => expression(set, depth - 1, variable);
  switch (random(9)) {
    case 0: {
      const [name, arity] = pick(FUNCTIONS);
      return `${name}(${Array.from({ length: arity }, inner).join(',')})`;
    }
    case 1:
      return `${pick(['cast', 'isof'])}(${random(4) === 0 ? '' : `${inner()},`}${pick(TYPES)})`;
    case 2: {
      const many = set.navigation.filter((n) => n.kind === 'many');
      if (many.length === 0) return leaf();
      const navigation = pick(many);
      const target = findEntitySet(navigation.target)!;
      if (random(3) === 0) return `${navigation.name}/$count($filter=${expression(target, depth - 1)})`;
      return `${navigation.name}/${pick(['any', 'all'])}(v${depth}:${expression(target, depth - 1, `v${depth}`)})`;
    }
    case 3:
      return `${inner()} in (${Array.from({ length: random(3) }, inner).join(',')})`;
    case 4:
      return `not (${inner()})`;
    case 5:
      return `-(${inner()})`;
    default:
      return `(${inner()} ${pick(OPERATORS)} ${inner()})`;
  }
}

const TYPED_LITERALS: Record<string, readonly string[]> = {
  'Edm.String': ["'a'", "'it''s'", "'%_'", "'😀'", "'2024-02-30'", "'42'", 'null'],
  'Edm.Int32': ['0', '3', '-2147483648', '2147483648', 'null'],
  'Edm.Int64': ['0', '5', '9223372036854775807', 'null'],
  'Edm.Decimal': ['0', '1.5', '-99999999999999.99', 'null'],
  'Edm.Double': ['0.5', '1e308', 'INF', 'NaN', 'null'],
  'Edm.Boolean': ['true', 'false', 'null'],
  'Edm.Date': ['2024-01-15', '0001-01-01', '9999-12-31', 'null'],
  'Edm.DateTimeOffset': ['2024-01-15T10:30:00Z', '2020-01-01T00:00:00.5+05:30', 'now()', 'maxdatetime()', 'null'],
  'Edm.Guid': ['01234567-89ab-cdef-0123-456789abcdef', 'null'],
};

/** A Boolean expression that is mostly well typed, so that most queries get past validation and run. */
function condition(set: EntitySetDefinition, depth: number): string {
  if (depth > 0 && random(3) === 0) return `(${condition(set, depth - 1)} ${pick(['and', 'or'])} ${condition(set, depth - 1)})`;
  if (depth > 0 && random(6) === 0) return `not ${condition(set, depth - 1)}`;
  const many = set.navigation.filter((n) => n.kind === 'many');
  if (depth > 0 && many.length && random(5) === 0) {
    const navigation = pick(many);
    const target = findEntitySet(navigation.target)!;
    return random(2) === 0 ? `${navigation.name}/any(x${depth}: ${condition(target, depth - 1).replace(/\b(?=[a-z_]+ (eq|ne|gt|ge|lt|le|in) )/g, `x${depth}/`)})` : `${navigation.name}/$count($filter=${condition(target, depth - 1)}) ${pick(['gt', 'eq'])} ${random(3)}`;
  }
  const property = pick(set.properties.filter((p) => !p.collection));
  const literals = TYPED_LITERALS[property.type]!;
  if (random(4) === 0) return `${property.name} in (${Array.from({ length: random(3) }, () => pick(literals)).join(',')})`;
  const value = random(5) === 0 ? expression(set, 1) : pick(literals);
  return `${property.name} ${pick(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])} ${value}`;
}

function query(set: EntitySetDefinition): string {
  const filter = random(3) === 0 ? expression(set, 1 + random(3)) : condition(set, random(3));
  const options = [`$filter=${filter}`, '$top=3', `@p=${pick(LITERALS.filter((l) => !l.startsWith('@')))}`];
  if (random(2) === 0) options.push(`$orderby=${expression(set, random(2))} ${pick(['asc', 'desc'])}`);
  if (random(3) === 0) options.push('$count=true');
  if (random(4) === 0) {
    options.push(`$compute=${expression(set, random(3))} as computed1`);
    if (!options.some((option) => option.startsWith('$orderby='))) options.push(random(2) === 0 ? '$orderby=computed1 desc' : '$select=id,computed1');
  }
  if (random(3) === 0 && set.navigation.length) {
    const navigation = pick(set.navigation);
    const target = findEntitySet(navigation.target)!;
    const nested = target.navigation.length && random(2) === 0 ? `;$expand=${pick(target.navigation).name}` : '';
    options.push(`$expand=${navigation.name}($filter=${expression(target, random(2))};$top=${random(3)}${nested})`);
  }
  return `/odata/${set.name}?${options.map(encode).join('&')}`;
}

/** Sends `urls` eight at a time; fails on any answer other than a 200 or an OData 4xx/501; returns the count per status. */
async function expectNo500(urls: readonly string[]): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (let start = 0; start < urls.length; start += 8) {
    await Promise.all(
      urls.slice(start, start + 8).map(async (url) => {
        const response = await fetch(`${hub.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { error?: { code: string } };
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok([200, 400, 404, 501].includes(response.status), `${response.status} for ${url}: ${JSON.stringify(body).slice(0, 300)}`);
        if (response.status !== 200) assert.match(body.error?.code ?? '', /^ODATA_/, url);
      }),
    );
  }
  return statuses;
}

const encode = (text: string) => text.replace(/[%&#+]/g, encodeURIComponent);

test('every function, operator, cast and isof over every kind of value answers 200 or a precise 4xx/501', async () => {
  const values = [
    'null', '@missing', "'a'", "'2024-02-30'", '3', '9223372036854775807', '1.5', '1e308', 'INF', 'true', '2024-01-15', '2024-01-15T10:30:00Z', '10:30:00',
    "duration'P1D'", '01234567-89ab-cdef-0123-456789abcdef', 'title', 'duration_seconds', 'started_at',
  ];
  const urls: string[] = [];
  const filter = (expression: string) => urls.push(`/odata/Conversations?$top=1&$select=id&$filter=${encode(`${expression} eq null`)}`);
  for (const [name, arity] of FUNCTIONS) {
    if (arity === 0) filter(`${name}()`);
    if (arity === 1) for (const a of values) filter(`${name}(${a})`);
    if (arity === 2) for (const a of values) for (const b of values) filter(`${name}(${a},${b})`);
    if (arity === 3) for (const a of values) for (const b of values.slice(0, 6)) for (const c of ['null', '-1', '2', '99999999999']) filter(`${name}(${a},${b},${c})`);
  }
  for (const type of TYPES) for (const a of values) for (const fn of ['cast', 'isof']) filter(`${fn}(${a},${type})`);
  for (const operator of OPERATORS) for (const a of values) for (const b of values) filter(`(${a} ${operator} ${b})`);
  const statuses = await expectNo500(urls);
  assert.ok((statuses.get(200) ?? 0) > urls.length / 10, JSON.stringify([...statuses]));
});

test('thousands of random well-formed queries answer 200 or a precise 4xx/501, never a 500', async () => {
  const statuses = await expectNo500(Array.from({ length: COUNT }, () => query(ENTITY_SETS[random(ENTITY_SETS.length)]!)));
  // The generator must reach past validation, or this test would prove little.
  assert.ok((statuses.get(200) ?? 0) > COUNT / 5, JSON.stringify([...statuses]));
  assert.ok((statuses.get(400) ?? 0) > COUNT / 20, JSON.stringify([...statuses]));
});
