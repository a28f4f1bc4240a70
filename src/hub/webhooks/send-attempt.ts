/**
 * One HTTP attempt of a delivery: POST the body with its signatures through
 * the guarded keep-alive agent, within WEBHOOK_TIMEOUT_MS for the answer and
 * the first 1 KB of its body. Redirects are not followed (undici's `request`
 * never does), so a 3xx is an answer like any other non-2xx: a failure.
 */
import { request } from 'undici';
import type { TargetCheck } from '../../platform/http/ssrf-guard.ts';

export const RESPONSE_EXCERPT_BYTES = 1024;
/** Read past the excerpt so the connection can be reused; a longer body closes it instead. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

export interface AttemptResult {
  readonly startedAt: Date;
  /** Null when no answer came (refused target, connection error, timeout). */
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly responseBody: string | null;
  readonly error: string | null;
  readonly retryAfter: string | undefined;
}

// PostgreSQL text cannot hold NUL; a lone surrogate from a cut character is harmless.
const storable = (text: string) => text.replace(/\0/g, '\uFFFD');

function describe(error: unknown, timeoutMs: number, signal: AbortSignal): string {
  if (signal.aborted) return `no answer within ${timeoutMs} ms`;
  const { code, message, cause } = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (code === 'WEBHOOK_ADDRESS_REFUSED') return `refused: ${message}`;
  const detail = cause?.message ?? message ?? String(error);
  return storable(`${cause?.code ?? code ?? 'ERROR'}: ${detail}`.slice(0, 500));
}

export async function sendAttempt(guard: TargetCheck, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const startedAt = new Date();
  const start = performance.now();
  const failed = (error: string): AttemptResult => ({ startedAt, statusCode: null, latencyMs: Math.round(performance.now() - start), responseBody: null, error, retryAfter: undefined });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return failed('refused: the URL is not valid');
  }
  const refusal = guard.refusal(target);
  if (refusal) return failed(`refused: ${refusal}`);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(target, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'CommonTime-Webhooks/1', ...headers },
      dispatcher: guard.agent(target),
      signal,
    });
    const latencyMs = Math.round(performance.now() - start);
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.body) {
      if (length < RESPONSE_EXCERPT_BYTES) chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      // Leaving the loop destroys the stream and its connection; a short body is read to its end so the connection is reused.
      if (length > DRAIN_LIMIT_BYTES) break;
    }
    const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
    const retryAfter = response.headers['retry-after'];
    return {
      startedAt,
      statusCode: response.statusCode,
      latencyMs,
      responseBody: storable(excerpt),
      error: null,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    };
  } catch (error) {
    return failed(describe(error, timeoutMs, signal));
  }
}
