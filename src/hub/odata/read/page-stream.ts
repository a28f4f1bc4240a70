/**
 * A collection page written while PostgreSQL is still sending its rows.
 *
 * A client that exports a set follows next links one page at a time, so a
 * page's time is what it waits for. Formatting each row as it arrives and
 * sending the page in 64 KiB pieces lets PostgreSQL, the hub and the client
 * work at once instead of in turn (measured in docs/benchmarks.md, export).
 *
 * Until the first piece leaves, nothing is sent: a page that fits in one
 * piece (most pages) is answered whole, with Content-Length, and an error
 * before then is an ordinary error response. An error after the status was
 * sent can only end the response early, which is OData's in-stream error
 * (JSON Format 4.01 §21.2: the payload is left malformed, the connection
 * closed), and the client sees a failed read rather than a short page.
 *
 * The client sets the pace (docs/operations.md "Slow readers"): while the
 * response's buffer is full, the database connection's socket is paused, so
 * TCP holds PostgreSQL back instead of the rows piling up in this process.
 * A page holds at most about one piece, one socket read of rows and the
 * streams' buffers, whatever its size and however slowly it is read. A page
 * that needs more than one piece takes a slot first (`slot`), because it
 * keeps its pool connection for as long as the client takes to read it.
 */
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { RawBuilder } from 'kysely';
import pg from 'pg';
import { poolOf, type Db } from '../../../platform/db/database.ts';
import { RESPONSE_PIECE_BYTES } from '../../../platform/http/response-stall.ts';
import type { Slot } from '../../../platform/limits/concurrency-slots.ts';
import { isSqlError, type Row } from '../query/read-rows.ts';

const PIECE = RESPONSE_PIECE_BYTES;

export interface PageStream {
  readonly db: Db;
  /** The page's query, asking for one row more than `limit`: that row only says a next page exists. */
  readonly query: RawBuilder<unknown>;
  readonly limit: number;
  readonly writeEntity: (row: Row) => string;
  /** The body up to and including `"value":[`. */
  readonly head: string;
  /** What follows the entities (`]`, a next or delta link, `}`), from the last entity's row. */
  readonly tail: (last: Row | undefined, more: boolean) => string;
  /** Called once the page turns out larger than one piece, before anything is sent; throws to refuse it (a 429). */
  readonly slot: () => Slot;
}

/**
 * Resolves with the whole body when the page ended within one piece (the
 * caller sends it); otherwise with undefined, once the stream was handed to
 * `reply`. Rejects on an error before anything was sent.
 */
export async function streamPage(reply: FastifyReply, page: PageStream): Promise<string | undefined> {
  const client = await poolOf(page.db).connect();
  const socket = client.connection.stream;
  const { sql: text, parameters } = page.query.compile(page.db);
  // QueryArrayConfig: pg.Query's type omits rowMode, which it honours.
  const config: pg.QueryArrayConfig = { text, values: parameters as unknown[], rowMode: 'array' };
  const query = client.query(new pg.Query(config));
  return new Promise((resolve, reject) => {
    let out: PassThrough | undefined;
    let pending = page.head;
    let written = 0;
    let last: Row | undefined;
    let more = false;
    let failed: Error | undefined;
    let ended = false;
    // The response is gone, or was refused: the remaining rows are read and dropped, so the connection goes back to the pool clean.
    let discarding = false;
    const discard = () => {
      discarding = true;
      socket.resume();
    };
    const fail = (error: Error) => {
      if (out) out.destroy(error);
      else if (!discarding) reject(error);
    };
    const finish = (error?: Error) => {
      ended = true;
      // The last rows may have come in the socket read that paused it; the next user of the connection needs it flowing.
      socket.resume();
      client.release(error);
    };
    const flush = () => {
      if (!out) {
        let slot: Slot;
        try {
          slot = page.slot();
        } catch (error) {
          discard();
          reject(error);
          return;
        }
        // Room for a few pieces: a client that keeps up never sees the connection paused, one that does not holds at most these.
        const stream = new PassThrough({ highWaterMark: 4 * PIECE });
        stream.on('drain', () => socket.resume());
        stream.once('close', () => {
          slot.release();
          if (!ended) discard();
        });
        out = stream;
        reply.send(stream);
        resolve(undefined);
      }
      if (!out.destroyed && !out.write(pending)) socket.pause();
      pending = '';
    };
    query.on('row', (row: Row) => {
      if (failed || discarding) return;
      if (written === page.limit) {
        more = true;
        return;
      }
      try {
        pending += (written === 0 ? '' : ',') + page.writeEntity(row);
        written++;
        last = row;
        if (pending.length >= PIECE) flush();
      } catch (error) {
        failed = error as Error;
      }
    });
    query.on('error', (error: Error) => {
      // An SQL error leaves the connection usable; anything else (the socket) may not, so that one is discarded.
      finish(isSqlError(error) ? undefined : error);
      fail(error);
    });
    query.on('end', () => {
      finish();
      if (discarding) return;
      if (failed) return fail(failed);
      pending += page.tail(last, more);
      if (!out) return resolve(pending);
      if (!out.destroyed) out.end(pending);
    });
  });
}
