/**
 * Bulk loading with PostgreSQL's COPY … FROM STDIN (text format), fed from a
 * generator so that millions of rows never sit in memory: lines are batched
 * into chunks and streamed through pg-copy-streams with backpressure.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | Date | readonly string[];

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is null.
function escape(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function cell(value: Cell): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escape(`{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return escape(String(value));
}

export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>): Promise<number> {
  let count = 0;
  function* chunks() {
    let chunk: string[] = [];
    for (const row of rows) {
      chunk.push(`${row.map(cell).join('\t')}\n`);
      count++;
      if (chunk.length === 2000) {
        yield chunk.join('');
        chunk = [];
      }
    }
    if (chunk.length) yield chunk.join('');
  }
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`copy "${table}" (${quoted}) from stdin`)));
  return count;
}
