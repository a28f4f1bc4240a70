/**
 * Runs a compiled read and returns its rows as arrays of text, in column
 * order: the entity writer reads each by position. Array rows spare the
 * object per row that a large page would otherwise build and collect
 * (measured: a fifth of a 1,000-row page's time in the hub).
 */
import type { RawBuilder } from 'kysely';
import { poolOf, type Db } from '../../../platform/db/database.ts';

export type Row = readonly (string | null)[];

export async function readRows(db: Db, query: RawBuilder<unknown>): Promise<Row[]> {
  const { sql: text, parameters } = query.compile(db);
  const result = await poolOf(db).query<(string | null)[]>({ text, values: parameters as unknown[], rowMode: 'array' });
  return result.rows;
}
