/**
 * `$skiptoken`: where the next page starts, for keyset pagination. It holds
 * the order-by values and the id of the last row served, so the next page
 * is `WHERE (order keys, id) > (those values)`: as fast at page 5,000 as at
 * page 1, and stable while rows are inserted.
 *
 * Opaque to clients: base64url JSON and an HMAC-SHA256 tag under a key all
 * processes share (platform_secrets), so a token that was edited or made up
 * is refused with a 400 before any of its values reaches SQL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ODataErrors } from '../odata-errors.ts';

export type KeyValue = string | number | boolean | null;

export interface SkipTokens {
  encode(values: readonly KeyValue[]): string;
  /** The values of a token this service issued, with `length` values; otherwise a 400. */
  decode(token: string, length: number): KeyValue[];
}

const TAG_LENGTH = 22;

export function skipTokens(key: string): SkipTokens {
  const tag = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url').slice(0, TAG_LENGTH);
  const refuse = (why: string) => ODataErrors.ODATA_INVALID_QUERY([`$skiptoken ${why}; follow the next link as given`]);
  return {
    encode(values) {
      const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
      return `${payload}.${tag(payload)}`;
    },
    decode(token, length) {
      const match = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{22})$/.exec(token);
      if (!match) throw refuse('is not one this service issued');
      const [, payload, presented] = match as unknown as [string, string, string];
      if (!timingSafeEqual(Buffer.from(presented), Buffer.from(tag(payload)))) throw refuse('is not one this service issued');
      let values: unknown;
      try {
        values = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw refuse('is not one this service issued');
      }
      const valid = Array.isArray(values) && values.length === length && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
      if (!valid) throw refuse('does not match this query');
      return values as KeyValue[];
    },
  };
}
