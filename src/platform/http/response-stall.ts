/**
 * Closes the connection of a response whose client stopped reading it.
 *
 * A client that asks for a response and never reads it would otherwise keep
 * what the response holds (its buffered bytes, a streaming page's database
 * connection and concurrency slot) for as long as it keeps the socket open.
 * A response *stalls* when bytes wait in its socket's buffer and none of them
 * has reached the kernel for `RESPONSE_STALL_SECONDS`; its socket is then
 * destroyed, which ends the response for everything that feeds it (a
 * streamed page sees its stream closed and returns its connection). Time a
 * handler spends before writing, on a slow query say, is not a stall.
 *
 * Node counts a write as done only once all of its bytes are in the kernel,
 * so progress is visible per write: a large body (an `$expand` page, say) is
 * handed to the socket in 64 KiB pieces, and a client that reads slowly but
 * steadily keeps its response alive (at least 64 KiB per stall period).
 * See docs/operations.md "Slow readers".
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The size of a write the stall watch sees as progress; streamed bodies write pieces of it too (page-stream.ts). */
export const RESPONSE_PIECE_BYTES = 64 * 1024;

interface Watched {
  readonly request: FastifyRequest;
  readonly response: ServerResponse;
  /** Bytes of the socket whose writes had completed when last seen. */
  done: number;
  since: number;
}

function* pieces(body: Buffer): Generator<Buffer> {
  for (let at = 0; at < body.length; at += RESPONSE_PIECE_BYTES) yield body.subarray(at, at + RESPONSE_PIECE_BYTES);
}

export function installResponseStallTimeout(app: FastifyInstance, stallSeconds: number): void {
  const stallMs = stallSeconds * 1000;
  const watched = new Set<Watched>();

  const check = () => {
    const now = performance.now();
    for (const entry of watched) {
      const socket = entry.response.socket;
      if (!socket || socket.destroyed) continue;
      // bytesWritten counts what was handed to the socket, writableLength what of it is not yet in the kernel.
      const done = socket.bytesWritten - socket.writableLength;
      if (entry.response.writableLength === 0 || done !== entry.done) {
        entry.done = done;
        entry.since = now;
      } else if (now - entry.since >= stallMs) {
        watched.delete(entry);
        entry.request.log.info({ stallSeconds, statusCode: entry.response.statusCode }, 'the client read none of the response for the stall limit; its connection was closed');
        socket.destroy();
      }
    }
  };
  const timer = setInterval(check, Math.min(1000, stallMs / 4));
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.addHook('onRequest', async (request, reply) => {
    const entry: Watched = { request, response: reply.raw, done: 0, since: performance.now() };
    watched.add(entry);
    reply.raw.once('close', () => watched.delete(entry));
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length <= RESPONSE_PIECE_BYTES) return payload;
    reply.header('content-length', String(body.length));
    return Readable.from(pieces(body), { objectMode: false });
  });
}
