/**
 * The Apps API's limit: requests per second per customer (seed 003, "Rate
 * Limits": 1 per second; `CC_RATE_LIMIT`). A token bucket per center in
 * PostgreSQL, so every process behind a load balancer counts against the same
 * budget: it refills at the rate and holds at most one second's worth (at
 * least one request). One statement refills and takes a token; a refusal
 * leaves the row as it was, since the refill is computed from the time.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until a token is back (RFC 9110 §10.2.3 `Retry-After`): one token's refill time, rounded up. */
  readonly retryAfterSeconds: number;
}

export async function takeToken(db: CcDb, tenantId: string, perSecond: number): Promise<RateDecision> {
  const capacity = Math.max(1, perSecond);
  const refilled = sql`least(${capacity}::float8, b.tokens + extract(epoch from clock_timestamp() - b.refilled_at)::float8 * ${perSecond}::float8)`;
  const { rows } = await sql<{ tokens: number }>`
    insert into cc_rate_buckets as b (tenant_id, tokens, refilled_at)
    values (${tenantId}, ${capacity - 1}, clock_timestamp())
    on conflict (tenant_id) do update set tokens = ${refilled} - 1, refilled_at = clock_timestamp()
    where ${refilled} >= 1
    returning b.tokens`.execute(db);
  return rows.length > 0 ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(1 / perSecond)) };
}
