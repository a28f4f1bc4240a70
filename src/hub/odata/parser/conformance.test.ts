/**
 * The OASIS OData ABNF test cases (conformance/odata-abnf-testcases.yaml, 840
 * cases) for the rules this parser implements. Every case of these rules runs;
 * positive cases must parse, negative ones (with `FailAt`) must be rejected
 * with an ODataSyntaxError, and the reported position is compared with
 * `FailAt` and counted. A mismatch is reported, not failed: `FailAt` is how far
 * the OASIS tool's backtracking got, which can be past the start of the
 * invalid part (in `$filter= true` the JSON-array rule's leading BWS swallows
 * the space, so the tool stops at 9; the parser reports the space, at 8).
 *
 * | Rule                                            | Parser entry                                     |
 * |-------------------------------------------------|--------------------------------------------------|
 * | filter, orderby (and `orderBy`), select, expand, search, top, skip, count | `parseQueryOptions(Input)`, and the option must be present |
 * | queryOptions                                    | `parseQueryOptions(Input)`                       |
 * | commonExpr, boolCommonExpr (and `boolcommonExpr`) | `parseExpression(percent-decoded Input)`       |
 *
 * The file spells two rule names differently in three cases (`orderBy`,
 * `boolcommonExpr`); they are those rules.
 *
 * Model-dependent cases: the ABNF constrains some names to the lists in the
 * file's `Constraints`. Only one such constraint decides a case of these
 * rules: custom query option names (`customName`). `$search=more&more` fails
 * the grammar because `more` is not a declared custom option (the grammar then
 * expects `=` after a parameter name, hence FailAt 17); the harness checks
 * custom option names against `Constraints.customName`, as a model would.
 * The other names (functions, collections, types) are decided without a model
 * by the parser's syntactic rules (a qualified name in a path needs `(` or `/`,
 * `any` and `all` need a collection before them), which the cases agree with.
 *
 * Skipped groups:
 * - Rule `context` (43 cases): context URL fragments (`#Customers(Name)/$entity`)
 *   are what the serializer writes into `@context` of responses; requests never
 *   carry them, so this parser does not read them.
 *
 * Deliberate deviations (run, and asserted to be rejected):
 * - queryOptions "5.1.8 Format" and "5.1.8 Format - value is case-insensitive"
 *   (2 cases) repeat `$format` four times. The ABNF cannot express it, but
 *   OData URL Conventions 4.01 §5.1 says "The same system query option, irrespective of casing [...], MUST NOT be
 *   specified more than once for any resource", and the hub answers 400.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { QueryOptionsNode } from '../ast/index.ts';
import { ODataSyntaxError, parseExpression, parseQueryOptions } from './index.ts';

interface TestCase {
  readonly Name: string;
  readonly Rule: string;
  readonly Input: string;
  readonly FailAt?: number;
}

const cases = parse(readFileSync(new URL('./conformance/odata-abnf-testcases.yaml', import.meta.url), 'utf8')) as {
  Constraints: Record<string, string[]>;
  TestCases: TestCase[];
};

/** Rules read with parseQueryOptions, and the option a positive case must produce (null: any). */
const QUERY_RULES: Readonly<Record<string, keyof QueryOptionsNode | null>> = {
  filter: 'filter',
  orderby: 'orderby',
  orderBy: 'orderby',
  select: 'select',
  expand: 'expand',
  search: 'search',
  top: 'top',
  skip: 'skip',
  count: 'count',
  queryOptions: null,
};
const EXPRESSION_RULES: ReadonlySet<string> = new Set(['commonExpr', 'boolCommonExpr', 'boolcommonExpr']);
const SKIPPED_RULES: Readonly<Record<string, string>> = {
  context: 'context URL fragments are written by the serializer into responses, never sent in requests',
};
const DEVIATIONS: Readonly<Record<string, string>> = {
  '$format=json&$Format=atom&$format=xml&$format=text/html': 'a repeated system query option is rejected (URL Conventions §5.1)',
  '$format=JSON&$format=Atom&$format=XML&$format=text/html': 'a repeated system query option is rejected (URL Conventions §5.1)',
};

/**
 * customName is constrained to the declared names: a query with another custom
 * option does not match the grammar, which then fails after the name, where a
 * parameter name would need its `=`. Returns that position, or null.
 */
function undeclaredCustomOption(query: string, options: QueryOptionsNode): number | null {
  const declared = new Set(cases.Constraints.customName);
  let start = 0;
  for (const segment of query.split('&')) {
    const rawName = segment.split('=')[0]!;
    const name = decodeURIComponent(rawName);
    if (Object.hasOwn(options.custom, name) && !declared.has(name)) return start + rawName.length;
    start += segment.length + 1;
  }
  return null;
}

type Status = 'passed' | 'failed' | 'skipped' | 'deviation';

interface Outcome {
  readonly status: Status;
  readonly detail?: string;
  /** For negative cases: whether the reported position equals FailAt. */
  readonly positionMatched?: boolean;
}

function run(testCase: TestCase): Outcome {
  const { Rule: rule, Input: input, FailAt: failAt } = testCase;
  if (Object.hasOwn(SKIPPED_RULES, rule)) return { status: 'skipped' };
  const queryRule = Object.hasOwn(QUERY_RULES, rule);
  let error: { position: number; message: string } | null = null;
  let options: QueryOptionsNode | null = null;
  try {
    if (queryRule) {
      options = parseQueryOptions(input);
      const position = undeclaredCustomOption(input, options);
      if (position !== null) error = { position, message: 'undeclared custom query option (Constraints.customName)' };
    } else {
      parseExpression(decodeURIComponent(input));
    }
  } catch (thrown) {
    if (!(thrown instanceof ODataSyntaxError)) return { status: 'failed', detail: `threw ${String(thrown)}` };
    error = thrown;
  }
  if (Object.hasOwn(DEVIATIONS, input)) return error ? { status: 'deviation' } : { status: 'failed', detail: `accepted, but ${DEVIATIONS[input]}` };
  if (failAt !== undefined) {
    if (!error) return { status: 'failed', detail: `accepted, expected a failure at ${failAt}` };
    return { status: 'passed', positionMatched: error.position === failAt, detail: `failed at ${error.position}: ${error.message}` };
  }
  if (error) return { status: 'failed', detail: error.message };
  const required = queryRule ? QUERY_RULES[rule] : null;
  if (required && options?.[required] === undefined) return { status: 'failed', detail: `parsed, but without ${required}` };
  return { status: 'passed' };
}

test('the OASIS ABNF test cases of filter, orderby, select, expand, search, top, skip, count, commonExpr, boolCommonExpr and queryOptions', (t) => {
  const relevant = cases.TestCases.filter(
    (c) => Object.hasOwn(QUERY_RULES, c.Rule) || EXPRESSION_RULES.has(c.Rule) || Object.hasOwn(SKIPPED_RULES, c.Rule),
  );
  const rows = new Map<string, Record<Status | 'negative' | 'positionMatched', number>>();
  const failures: string[] = [];
  const mismatches: string[] = [];
  for (const testCase of relevant) {
    const outcome = run(testCase);
    const row = rows.get(testCase.Rule) ?? { passed: 0, failed: 0, skipped: 0, deviation: 0, negative: 0, positionMatched: 0 };
    rows.set(testCase.Rule, row);
    row[outcome.status]++;
    const label = `${testCase.Rule} ${JSON.stringify(testCase.Input)} (${testCase.Name})`;
    if (outcome.status === 'failed') failures.push(`${label}: ${outcome.detail}`);
    if (testCase.FailAt !== undefined && outcome.status === 'passed') {
      row.negative++;
      if (outcome.positionMatched) row.positionMatched++;
      else mismatches.push(`${label}: FailAt ${testCase.FailAt}, ${outcome.detail}`);
    }
  }
  const total = { passed: 0, failed: 0, skipped: 0, deviation: 0, negative: 0, positionMatched: 0 };
  const lines = ['rule             passed failed skipped deviation  FailAt matched'];
  for (const [rule, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += row[key];
    lines.push(
      `${rule.padEnd(16)} ${String(row.passed).padStart(6)} ${String(row.failed).padStart(6)} ${String(row.skipped).padStart(7)} ${String(row.deviation).padStart(9)}  ${String(row.positionMatched).padStart(6)}/${row.negative}`,
    );
  }
  lines.push(
    `${'total'.padEnd(16)} ${String(total.passed).padStart(6)} ${String(total.failed).padStart(6)} ${String(total.skipped).padStart(7)} ${String(total.deviation).padStart(9)}  ${String(total.positionMatched).padStart(6)}/${total.negative}`,
  );
  lines.push('skipped: context (43): ' + SKIPPED_RULES.context);
  lines.push(`deviations (rejected on purpose): ${Object.entries(DEVIATIONS).map(([input, reason]) => `${input}: ${reason}`).join('; ')}`);
  for (const mismatch of mismatches) lines.push(`FailAt differs: ${mismatch}`);
  for (const line of lines) t.diagnostic(line);
  assert.deepEqual(failures, [], `${failures.length} conformance cases fail`);
  // Every case of these rules ran: a rule dropped from the tables, or a case the filter lost, changes these counts.
  const ran = Object.fromEntries([...rows].map(([rule, row]) => [rule, { ran: row.passed + row.deviation, negative: row.negative, skipped: row.skipped }]));
  assert.deepEqual(ran, {
    boolcommonExpr: { ran: 1, negative: 0, skipped: 0 },
    boolCommonExpr: { ran: 52, negative: 3, skipped: 0 },
    commonExpr: { ran: 111, negative: 4, skipped: 0 },
    context: { ran: 0, negative: 0, skipped: 43 },
    expand: { ran: 32, negative: 5, skipped: 0 },
    filter: { ran: 24, negative: 2, skipped: 0 },
    orderby: { ran: 9, negative: 0, skipped: 0 },
    orderBy: { ran: 2, negative: 0, skipped: 0 },
    queryOptions: { ran: 81, negative: 6, skipped: 0 },
    search: { ran: 3, negative: 2, skipped: 0 },
    select: { ran: 20, negative: 0, skipped: 0 },
  });
  assert.equal(total.deviation, Object.keys(DEVIATIONS).length, 'each deviation was met');
});
