/**
 * Deadlines for request bodies, on every service and every route that reads
 * one: Fastify's JSON and form parsers, the importer's streamed upload, and
 * the OAuth endpoints that oidc-provider reads itself.
 *
 * - **Idle**: no byte of the body for `idleMs`.
 * - **Rate**: fewer than `minBytesPerSecond` on average over `idleMs` of
 *   waiting, so a trickle that is never quite idle ends too (after the
 *   MinRate of Apache's mod_reqtimeout).
 *
 * Either ends the request with `408 PLATFORM_REQUEST_TIMEOUT` in the
 * service's error body, and the connection closes (RFC 9110 §15.5.9). The
 * clock runs only while the server waits on the client: while bytes that
 * arrived sit unread (the route is busy, or writing them elsewhere), the
 * client is not the slow one.
 *
 * How the 408 gets out: a Fastify route reads the body through the stream
 * the `preParsing` hook hands it, which fails with the 408 at a deadline, so
 * the route's error handler answers it like any other error. A request that
 * middleware serves outside the routes (oidc-provider) never reaches
 * `preParsing`; its 408 is written on the raw response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished, PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../errors/app-error.ts';
import { PlatformErrors } from '../errors/platform-errors.ts';
import type { ServiceDefinition } from './service.ts';

export interface BodyDeadlines {
  readonly idleMs: number;
  /** 0: no rate check. */
  readonly minBytesPerSecond: number;
}

export const inSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

function expectsBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return !request.complete && (request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0'));
}

/** Watches one request's body from its headers until it is complete, or its response is sent. */
class BodyWatch {
  readonly #raw: IncomingMessage;
  readonly #deadlines: BodyDeadlines;
  readonly #expired: (error: AppError) => void;
  readonly #timer: NodeJS.Timeout;
  #guard: PassThrough | undefined;
  #bytes: number;
  #lastTick = performance.now();
  #lastProgress = this.#lastTick;
  /** Time spent waiting on the client since the last rate check, and the bytes that arrived in it. */
  #waited = 0;
  #waitedBytes = 0;

  constructor(raw: IncomingMessage, response: ServerResponse, deadlines: BodyDeadlines, expired: (error: AppError) => void) {
    this.#raw = raw;
    this.#deadlines = deadlines;
    this.#expired = expired;
    // Bytes of the socket, not of the body stream: counting what the route reads would stall when it stops reading.
    this.#bytes = raw.socket.bytesRead;
    this.#timer = setInterval(() => this.#tick(), Math.min(1_000, Math.max(10, deadlines.idleMs / 10)));
    this.#timer.unref();
    // Once the response is out, the rest of the body no longer matters (the connection closes, create-server.ts).
    response.once('close', () => this.#stop());
  }

  /** The stream a route reads the body from: the request's bytes, failing with the 408 at a deadline. */
  guard(payload: Readable): Readable {
    const guard = new PassThrough();
    // A deadline can pass while no one reads (before the route starts, after it answered): the error waits for a reader, if any.
    guard.on('error', () => undefined);
    // pipe() forwards neither errors nor an aborted request: a route must see the client go away.
    finished(payload, (error) => {
      if (error) guard.destroy(error);
    });
    payload.pipe(guard);
    this.#guard = guard;
    return guard;
  }

  #stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const raw = this.#raw;
    if (raw.complete || raw.destroyed) return this.#stop();
    const now = performance.now();
    const bytes = raw.socket.bytesRead;
    const arrived = bytes - this.#bytes;
    this.#bytes = bytes;
    const guard = this.#guard;
    const unread = raw.readableLength > 0 || (guard !== undefined && (guard.readableLength > 0 || guard.writableLength > 0));
    if (arrived > 0 || unread) this.#lastProgress = now;
    if (!unread) {
      this.#waited += now - this.#lastTick;
      this.#waitedBytes += arrived;
    }
    this.#lastTick = now;
    const { idleMs, minBytesPerSecond } = this.#deadlines;
    if (now - this.#lastProgress >= idleMs) return this.#expire(`no data arrived for ${inSeconds(now - this.#lastProgress)}`);
    if (this.#waited >= idleMs) {
      if ((this.#waitedBytes * 1000) / this.#waited < minBytesPerSecond) {
        return this.#expire(`${this.#waitedBytes} bytes arrived in ${inSeconds(this.#waited)}, below the minimum of ${minBytesPerSecond} bytes per second`);
      }
      this.#waited = 0;
      this.#waitedBytes = 0;
    }
  }

  #expire(reason: string): void {
    this.#stop();
    const error = PlatformErrors.PLATFORM_REQUEST_TIMEOUT([reason]);
    if (this.#guard === undefined) return this.#expired(error);
    this.#raw.unpipe(this.#guard);
    this.#guard.destroy(error);
  }
}

/** The 408 of a request that middleware serves outside Fastify's routes (oidc-provider), on the raw response. */
function answer(error: AppError, request: FastifyRequest, reply: FastifyReply, formatError: ServiceDefinition['formatError']): void {
  request.log.info({ code: error.code, statusCode: error.statusCode }, error.message);
  if (reply.raw.headersSent) return void request.raw.socket.destroy();
  const body = JSON.stringify(formatError(error, request));
  reply.raw
    .writeHead(error.statusCode, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close', 'x-request-id': request.id })
    .end(body);
}

/** Watches the body of every request that has one; errors are answered in `formatError`'s body. */
export function installBodyDeadlines(app: FastifyInstance, deadlines: BodyDeadlines, formatError: ServiceDefinition['formatError']): void {
  const watches = new WeakMap<FastifyRequest, BodyWatch>();
  app.addHook('onRequest', async (request, reply) => {
    if (!expectsBody(request.raw)) return;
    watches.set(request, new BodyWatch(request.raw, reply.raw, deadlines, (error) => answer(error, request, reply, formatError)));
  });
  app.addHook('preParsing', async (request, _reply, payload) => watches.get(request)?.guard(payload) ?? payload);
}
