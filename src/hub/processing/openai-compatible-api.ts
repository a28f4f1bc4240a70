/**
 * One POST to an OpenAI-compatible API (Ollama, vLLM, LM Studio, a hosted
 * API): the JSON answer of a 2xx, or why there is none. Shared by the
 * embedding provider and the chat-completions analyzer, which decide what a
 * failure means (a retry, an error, the local analyzer).
 *
 * - The key goes in `Authorization: Bearer` and nowhere else. A reason
 *   returned here names the status and a generic cause, never the server's
 *   own words: an error text can echo the key or the customer's text sent
 *   to it. Those words are logged at debug only, every occurrence of the key
 *   replaced by `***` (docs/processing.md "Analyzers", "Logs").
 * - `timeoutMs` bounds the whole exchange, answer and body; undici's own
 *   header and body timeouts (300 s by default) are set to it, so that a
 *   long configured timeout is not cut short by them.
 * - `signal` ends the exchange when the caller no longer wants it: the
 *   promise rejects with the signal's reason.
 * - An answer larger than `maxAnswerBytes` is abandoned, so a server that
 *   streams without end cannot exhaust the process's memory.
 * - Redirects are not followed (undici's `request` never does): a 3xx is a
 *   failure, as a base URL pointing at a login page would be.
 * - Worth another attempt: 429, a 5xx other than 501, and connection
 *   failures known to pass (refused, reset, DNS not answering); not a
 *   timeout, a TLS failure or anything unrecognised.
 */
import { request } from 'undici';
import { parseRetryAfter } from '../../platform/http/retry-after.ts';
import type { Logger } from '../../platform/logging/logger.ts';

export interface ApiRequest {
  readonly url: string;
  readonly apiKey: string | undefined;
  readonly payload: unknown;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  /** Where the server's own error text goes, at debug. */
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export type ApiOutcome =
  | { readonly ok: true; readonly body: unknown }
  | {
      readonly ok: false;
      /** The status or failure and a generic cause; safe to log at any level and to store. */
      readonly reason: string;
      readonly retryable: boolean;
      /** The server's `Retry-After`, in milliseconds. */
      readonly retryAfterMs: number | undefined;
    };

/** Node and undici codes of connection failures that a later attempt may not meet. */
const PASSING_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const UNDICI_TIMEOUTS: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const SERVER_TEXT_CHARS = 300;

function statusCause(status: number): string {
  if (status >= 300 && status < 400) return 'a redirect, which is not followed';
  if (status === 401 || status === 403) return 'the key was refused';
  if (status === 404) return 'not found: a wrong base URL, or a model the server does not know';
  if (status === 408 || status === 504) return 'the server timed out';
  if (status === 413) return 'the request is too large';
  if (status === 429) return 'rate limited';
  if (status >= 500) return 'a server error';
  return 'the request was refused';
}

/** The server's `error.message` (or its text), without the key. Redacted before it is cut, so no part of the key survives at the cut. */
function serverText(text: string, apiKey: string | undefined): string {
  let message: unknown = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    message = typeof parsed.error === 'object' && parsed.error !== null ? (parsed.error as { message?: unknown }).message : (parsed.error ?? parsed.message);
  } catch {
    // Not JSON: the text itself, as some servers answer errors in plain text.
  }
  const words = typeof message === 'string' && message.trim() !== '' ? message.trim() : text;
  return (apiKey ? words.split(apiKey).join('***') : words).slice(0, SERVER_TEXT_CHARS);
}

function errorCode(error: unknown): string | undefined {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const found = cause?.code ?? code;
  return typeof found === 'string' ? found : undefined;
}

export async function postOpenAiCompatible(call: ApiRequest): Promise<ApiOutcome> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const failure = (reason: string, retryable: boolean, retryAfterMs?: number): ApiOutcome => ({ ok: false, reason, retryable, retryAfterMs });
  const timedOut = () => failure(`no answer within ${call.timeoutMs} ms`, false);
  let text: string;
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  try {
    const response = await request(call.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'CommonTime/1',
        ...(call.apiKey === undefined ? {} : { authorization: `Bearer ${call.apiKey}` }),
      },
      body: JSON.stringify(call.payload),
      signal,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    });
    status = response.statusCode;
    headers = response.headers;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body) {
      length += (chunk as Buffer).length;
      if (length > call.maxAnswerBytes) return failure(`the answer is larger than ${call.maxAnswerBytes} bytes`, false);
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    call.signal?.throwIfAborted();
    const code = errorCode(error);
    if (timeout.aborted || (code !== undefined && UNDICI_TIMEOUTS.has(code))) return timedOut();
    return failure(`the request failed (${code ?? (error instanceof Error ? error.name : 'unknown error')})`, code !== undefined && PASSING_FAILURES.has(code));
  }
  if (status < 200 || status > 299) {
    call.logger.debug({ url: call.url, status, serverText: serverText(text, call.apiKey) }, 'the server\'s words on a failed request');
    const retryable = status === 429 || (status >= 500 && status !== 501);
    return failure(`HTTP ${status} (${statusCause(status)})`, retryable, parseRetryAfter(headers['retry-after'], Date.now()));
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return failure(`HTTP ${status} with a body that is not JSON`, false);
  }
}
