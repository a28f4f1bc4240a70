/**
 * An HTTP/1.1 request written by hand on a socket, for what fetch cannot
 * send: headers that never end, a body that pauses, trickles or stops.
 */
import net from 'node:net';
import { parseJsonOr } from './json.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json: any;
}

function parse(bytes: Buffer): RawResponse | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const body = bytes.subarray(end + 4);
  if (Number.isNaN(length) || body.length < length) return undefined;
  const text = body.subarray(0, length).toString('utf8');
  return { status: Number(statusLine.split(' ')[1]), headers, body: text, json: parseJsonOr(text, undefined) };
}

export class RawRequest {
  readonly socket: net.Socket;
  /** The response, once whole (by its Content-Length); rejects when the connection ends without one. */
  readonly response: Promise<RawResponse>;
  /** Settles when the connection is closed, by either side. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    let received = Buffer.alloc(0);
    this.response = new Promise((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const response = parse(received);
        if (response) resolve(response);
      });
      socket.on('close', () => reject(new Error(`the connection closed without a whole response: ${JSON.stringify(received.toString('latin1'))}`)));
    });
    this.response.catch(() => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    // A reset by the server ends the connection like a close; the response (if any) was read before it.
    socket.on('error', () => undefined);
  }

  /** Connects to `url`'s host and port and writes `head` (and `body`, if given) at once. */
  static async open(url: string, head: string, body: string | Buffer = ''): Promise<RawRequest> {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const request = new RawRequest(socket);
    socket.write(head);
    if (body.length > 0) socket.write(body);
    return request;
  }

  write(bytes: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }
}
