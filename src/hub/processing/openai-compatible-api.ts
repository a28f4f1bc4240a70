/**
 * One POST to an OpenAI-compatible API (Ollama, vLLM, LM Studio, a hosted
 * API): the JSON answer of a 2xx, or why there is none. Shared by the
 * embedding provider and the chat-completions analyzer, which decide what a
 * failure means (a retry, an error, the local analyzer).
 *
 * - The key goes in `Authorization: Bearer` and nowhere else; no reason
 *   returned here contains it or the request body.
 * - `timeoutMs` bounds the whole exchange, answer and body.
 * - An answer larger than `MAX_ANSWER_BYTES` is abandoned, so a server that
 *   streams without end cannot exhaust the process's memory.
 * - Redirects are not followed (undici's `request` never does): a 3xx is a
 *   failure, as a base URL pointing at a login page would be.
 */
import { request } from 'undici';

/** 64 texts of 4096 dimensions in JSON are about 6 MiB; four times that leaves room. */
export const MAX_ANSWER_BYTES = 24 * 1024 * 1024;
const SERVER_MESSAGE_CHARS = 200;

export type ApiOutcome =
  | { readonly ok: true; readonly body: unknown }
  | {
      readonly ok: false;
      readonly reason: string;
      /** The server's own `error.message` (or text), cut short; it may quote the request, so callers keep it out of info logs. */
      readonly serverMessage: string | undefined;
      /** 429, 5xx other than 501, or a connection that failed: worth another attempt. */
      readonly retryable: boolean;
      /** The server's `Retry-After`, in milliseconds (RFC 9110 §10.2.3: seconds or an HTTP date). */
      readonly retryAfterMs: number | undefined;
    };

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function serverMessage(text: string): string | undefined {
  let message: unknown = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    message = typeof parsed.error === 'object' && parsed.error !== null ? (parsed.error as { message?: unknown }).message : (parsed.error ?? parsed.message);
  } catch {
    // Not JSON: the text itself, as some servers answer errors in plain text.
  }
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  return message.trim().slice(0, SERVER_MESSAGE_CHARS);
}

export async function postOpenAiCompatible(url: string, apiKey: string | undefined, payload: unknown, timeoutMs: number): Promise<ApiOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failure = (reason: string, retryable: boolean, message?: string, retryAfter?: number): ApiOutcome => ({
    ok: false,
    reason,
    serverMessage: message,
    retryable,
    retryAfterMs: retryAfter,
  });
  let text: string;
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'CommonTime/1',
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      },
      body: JSON.stringify(payload),
      signal,
    });
    status = response.statusCode;
    headers = response.headers;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body) {
      length += (chunk as Buffer).length;
      if (length > MAX_ANSWER_BYTES) return failure(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`, false);
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (signal.aborted) return failure(`no answer within ${timeoutMs} ms`, false);
    const { code, cause } = error as { code?: string; cause?: { code?: string } };
    return failure(`the request failed (${cause?.code ?? code ?? 'connection error'})`, true);
  }
  if (status < 200 || status > 299) {
    const retryable = status === 429 || (status >= 500 && status !== 501);
    return failure(`HTTP ${status}`, retryable, serverMessage(text), retryAfterMs(headers['retry-after']));
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return failure(`HTTP ${status} with a body that is not JSON`, false);
  }
}
