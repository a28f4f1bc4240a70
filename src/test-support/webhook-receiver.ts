/**
 * A real webhook receiver on a loopback port for tests: records every
 * request (headers and the exact body bytes) and answers as the test says.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './cleanup.ts';

export interface Received {
  readonly method: string;
  /** The request target: path and query. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly at: number;
}

export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Never answer (until the connection is closed). */
  readonly hang?: boolean;
  /** Send the status, the headers and `body`, then never end the response. */
  readonly unfinished?: boolean;
  /** After the status and headers, send `body` again and again until the client goes away. */
  readonly endless?: boolean;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Decides each answer; `index` counts requests from 0. Default: 200 "ok". */
  answer: (request: Received, index: number) => Answer;
  close(): Promise<void>;
}

export async function startReceiver(answer: Receiver['answer'] = () => ({})): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks), at: Date.now() };
      const index = received.push(entry) - 1;
      const reply = receiver.answer(entry, index);
      if (reply.hang) return;
      response.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
      const body = reply.body ?? 'ok';
      if (reply.unfinished) response.write(body);
      else if (reply.endless) {
        const more = () => {
          while (!response.destroyed && response.write(body));
        };
        response.on('drain', more);
        more();
      } else response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const receiver: Receiver = { url: `http://127.0.0.1:${port}/hook`, received, answer, close };
  onCleanup(close);
  return receiver;
}
