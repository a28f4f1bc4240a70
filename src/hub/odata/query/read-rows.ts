/**
 * Runs a compiled read and returns its rows as arrays of text, in column
 * order: the entity writer reads each by position. Array rows spare the
 * object per row that a large page would otherwise build and collect
 * (measured: a fifth of a 1,000-row page's time in the hub).
 * `readRowsWithin` reads within a bound in bytes, for a response that is
 * built whole (a read with $expand, read/expand.ts), and stops at it.
 */
import type { RawBuilder } from 'kysely';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { poolOf, type Db } from '../../../platform/db/database.ts';

export type Row = readonly (string | null)[];

export async function readRows(db: Db, query: RawBuilder<unknown>): Promise<Row[]> {
  const { sql: text, parameters } = query.compile(db);
  const result = await poolOf(db).query<(string | null)[]>({ text, values: parameters as unknown[], rowMode: 'array' });
  return result.rows;
}

/** The bytes a read may still hold, shared by the reads of one response; `readRowsWithin` takes from it. */
export interface ByteBudget {
  remaining: number;
}

/** A row's size: the UTF-8 bytes of its values as PostgreSQL sent them. */
export function rowBytes(row: Row): number {
  let bytes = 0;
  for (const value of row) if (value !== null) bytes += Buffer.byteLength(value);
  return bytes;
}

/** An error PostgreSQL reported for the query (it carries an SQLSTATE): the connection stays usable, unlike after a socket error. */
export function isSqlError(error: unknown): boolean {
  return /^[0-9A-Z]{5}$/.test(String((error as { code?: unknown }).code));
}

/** pg hands a submitted query each row it receives through this method (pg's `Submittable`). */
interface DataRowHandler {
  handleDataRow(message: unknown): void;
}
const keepRow = (Cursor.prototype as unknown as DataRowHandler).handleDataRow;

/**
 * A cursor whose rows are counted into `budget` as they arrive. Once the
 * budget is spent it keeps none of the rows still arriving in the batch:
 * the rows of a batch come whole before it resolves, and one sized by small
 * rows could otherwise bring many large ones at once.
 */
class CountedCursor extends Cursor<Row> {
  readonly #budget: ByteBudget;
  /** The largest row so far, in bytes. */
  largest = 0;

  constructor(text: string, values: unknown[], budget: ByteBudget) {
    super(text, values, { rowMode: 'array' });
    this.#budget = budget;
    this.on('row', (row: Row) => {
      const bytes = rowBytes(row);
      this.#budget.remaining -= bytes;
      this.largest = Math.max(this.largest, bytes, 1);
    });
  }

  handleDataRow(message: unknown): void {
    if (this.#budget.remaining >= 0) keepRow.call(this, message);
  }
}

/**
 * Closes the read's portal (PostgreSQL documentation, "Frontend/Backend
 * Protocol", Extended Query: Close, then Sync): PostgreSQL stops producing
 * the rows, and the connection goes back to the pool ready for its next
 * query. Should the connection end instead, it is released as broken.
 */
async function closeEarly(client: pg.PoolClient, cursor: Cursor<Row>): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      const ended = () => reject(new Error('the database connection ended while a read was being closed'));
      client.once('end', ended);
      cursor.close(() => {
        client.off('end', ended);
        resolve();
      });
    });
    client.release();
  } catch (error) {
    client.release(error as Error);
  }
}

/**
 * `readRows` for a response built whole, within `budget`: undefined once its
 * rows would exceed what the budget has left. The rows come in batches of
 * a portal (Execute with a row limit); once the budget is spent, no further
 * row of the batch is kept, the portal is closed, so PostgreSQL produces no
 * more, and the connection is returned clean. What the read holds past the
 * budget is one row.
 */
export async function readRowsWithin(db: Db, query: RawBuilder<unknown>, budget: ByteBudget): Promise<Row[] | undefined> {
  const { sql: text, parameters } = query.compile(db);
  const client = await poolOf(db).connect();
  const cursor = client.query(new CountedCursor(text, parameters as unknown[], budget));
  const rows: Row[] = [];
  for (;;) {
    // The first batch is one row: until one is seen, a row may be as large as the importer allows. Then batches grow
    // with what was read (at least 64 rows), and hold no more than the budget has left at the largest row so far:
    // rows far larger than those before them bring at most about as many rows again, and those are not kept.
    const wanted = cursor.largest === 0 ? 1 : Math.max(1, Math.min(Math.max(64, rows.length), Math.floor(budget.remaining / cursor.largest)));
    let batch: Row[];
    try {
      batch = await cursor.read(wanted);
    } catch (error) {
      client.release(isSqlError(error) ? undefined : (error as Error));
      throw error;
    }
    if (budget.remaining < 0) {
      await closeEarly(client, cursor);
      return undefined;
    }
    for (const row of batch) rows.push(row);
    // A short batch is the last: the portal completed, and the connection is ready for its next query.
    if (batch.length < wanted) {
      client.release();
      return rows;
    }
  }
}
