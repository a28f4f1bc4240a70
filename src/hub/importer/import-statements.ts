/**
 * The set-based SQL of a job, built once per job from its header: for a
 * batch of staging rows (a range of lines), find the first row that breaks
 * a data-type rule, then apply the whole batch in one statement.
 *
 * Every identifier comes from the model registry or is a generated staging
 * column (`c7`); every value is a bound parameter or a cell of the staging
 * table, so nothing from the file reaches the SQL text.
 *
 * Upsert (Four/Four's documentation, docs/importer.md "Creating and updating": "an unrecognised id creates a new record, while an
 * existing one updates it"): one `insert … on conflict do update` that sets
 * only the columns present in the file, `updated` to the import time, and
 * merges the additional fields into `additional_fields`. Duplicate ids in a
 * batch keep their last row (`distinct on … order by line desc`); a later
 * batch simply updates again, so the last row of the file wins. The ids it
 * created (not those it updated) are collected in a temporary table and
 * recorded in importer_records at the end, sorted: one pass of appends to
 * its B-tree instead of a scattered insert per batch.
 *
 * Delete: removes the listed records that importer_records says the
 * importer created for this tenant and type, and their marks.
 */
import { sql, type RawBuilder } from 'kysely';
import { ID_RULE, MAX_ADDITIONAL_RECORD_BYTES } from './field-rules.ts';
import type { ImportColumn } from './import-columns.ts';
import type { RecordTypeDefinition } from './record-types.ts';
import { stagingTableName } from './staging-table.ts';

const cell = (column: ImportColumn) => `nullif(s.${column.staging}, '')`;

export interface JobStatements {
  /** The first offending row of lines (lo, hi]: its line and which check failed (index into `checks`). */
  firstInvalid(lo: number, hi: number): RawBuilder<{ line: string; failed: number; value: string | null }>;
  apply(tenantId: string, lo: number, hi: number): RawBuilder<unknown>;
  /** Before the first batch and after the last, in the job's transaction. */
  readonly prepare: readonly RawBuilder<unknown>[];
  finish(tenantId: string): readonly RawBuilder<unknown>[];
  /** What check `failed` is about: the column, and the rule's words; the record's additional fields for 0. */
  readonly checks: readonly (ImportColumn | undefined)[];
}

/** The next batch: up to `size` records after line `lo`, ending at line `hi` (null when none is left). */
export function nextBatch(jobId: string, lo: number, size: number): RawBuilder<{ hi: string | null; records: string }> {
  return sql`select max(line) as hi, count(*) as records from (select line from ${sql.table(stagingTableName(jobId))} where line > ${lo} order by line limit ${size}) b`;
}

function firstInvalid(jobId: string, checks: readonly string[], values: readonly string[]) {
  const failed = `case ${checks.map((check, i) => `when not (${check}) then ${i}`).join(' ')} end`;
  const value = `case ${values.map((v, i) => `when not (${checks[i]}) then left(${v}, 80)`).join(' ')} end`;
  return (lo: number, hi: number) =>
    sql<{ line: string; failed: number; value: string | null }>`select s.line, ${sql.raw(failed)} as failed, ${sql.raw(value)} as value
      from ${sql.table(stagingTableName(jobId))} s
      where s.line > ${lo} and s.line <= ${hi} and not (${sql.raw(checks.map((check) => `(${check})`).join(' and '))})
      order by s.line limit 1`;
}

function cellCheck(column: ImportColumn): string {
  return column.kind === 'id' ? column.rule.accepts(cell(column)) : `${cell(column)} is null or ${column.rule.accepts(cell(column))}`;
}

export function upsertStatements(jobId: string, definition: RecordTypeDefinition, columns: readonly ImportColumn[]): JobStatements {
  const { set } = definition;
  const standard = columns.filter((c) => c.kind === 'standard');
  const additional = columns.filter((c) => c.kind === 'additional');
  const recordSize = additional.map((c) => `coalesce(octet_length(s.${c.staging}), 0)`).join(' + ');
  const checks = [...(additional.length > 0 ? [`${recordSize} <= ${MAX_ADDITIONAL_RECORD_BYTES}`] : []), ...columns.map(cellCheck)];
  const checked = [...(additional.length > 0 ? [undefined] : []), ...columns];
  const values = checked.map((c) => (c ? cell(c) : 'null'));

  const id = columns[0]!;
  const select = [
    `${cell(id)} as id`,
    ...standard.map((c) => `${c.rule.convert(cell(c))} as ${c.name}`),
    `jsonb_object(array[${additional.map((c) => `'${c.name}'`).join(', ')}]::text[], array[${additional.map(cell).join(', ')}]::text[]) as additional_fields`,
  ].join(', ');
  const targets = ['tenant_id', 'id', ...standard.map((c) => c.name), 'updated', 'additional_fields'].join(', ');
  const sets = [...standard.map((c) => `${c.name} = excluded.${c.name}`), 'updated = excluded.updated', 'additional_fields = t.additional_fields || excluded.additional_fields'].join(', ');
  const from = `${stagingTableName(jobId)} s`;

  return {
    checks: checked,
    firstInvalid: firstInvalid(jobId, checks, values),
    apply: (tenantId, lo, hi) => sql`
      with src as (
        select distinct on (${sql.raw(cell(id))}) ${sql.raw(select)}
        from ${sql.raw(from)} where s.line > ${lo} and s.line <= ${hi}
        order by ${sql.raw(cell(id))}, s.line desc
      ), written as (
        insert into ${sql.table(set.table)} as t (${sql.raw(targets)})
        select ${tenantId}::uuid, ${sql.raw(['id', ...standard.map((c) => c.name)].map((name) => `src.${name}`).join(', '))}, now(), src.additional_fields from src
        on conflict (tenant_id, id) do update set ${sql.raw(sets)}
        -- xmax is 0 only on a row this statement inserted (not one it updated).
        returning t.id, t.xmax = 0 as inserted
      )
      insert into importer_created (id) select id from written where inserted`,
    prepare: [sql`create temporary table importer_created (id text not null) on commit drop`],
    finish: (tenantId) => [
      // A mark can outlive its record (deleted by another service): keep it. (An anti-join here let the planner scan every mark of the tenant for a small file.)
      sql`insert into importer_records (tenant_id, type, id)
        select ${tenantId}::uuid, ${definition.type}, id from importer_created order by id on conflict do nothing`,
    ],
  };
}

export function deleteStatements(jobId: string, definition: RecordTypeDefinition): JobStatements {
  const id: ImportColumn = { staging: 'c1', name: 'id', kind: 'id', rule: ID_RULE };
  const check = cellCheck(id);
  return {
    checks: [id],
    firstInvalid: firstInvalid(jobId, [check], [cell(id)]),
    apply: (tenantId, lo, hi) => sql`
      with listed as (
        select distinct s.c1 as id from ${sql.table(stagingTableName(jobId))} s where s.line > ${lo} and s.line <= ${hi}
      ), unmarked as (
        delete from importer_records r using listed
        where r.tenant_id = ${tenantId} and r.type = ${definition.type} and r.id = listed.id
        returning r.id
      )
      delete from ${sql.table(definition.set.table)} t using unmarked
      where t.tenant_id = ${tenantId} and t.id = unmarked.id`,
    prepare: [],
    finish: () => [],
  };
}
