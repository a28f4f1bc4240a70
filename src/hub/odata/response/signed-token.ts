/**
 * `$skiptoken` and `$deltatoken`: opaque to clients, meaningful to us.
 *
 * A skip token says where the next page starts, for keyset pagination: the
 * order-by values and the id of the last row served, so the next page is
 * `WHERE (order keys, id) > (those values)`, as fast at page 5,000 as at
 * page 1 and stable while rows are inserted. A delta token holds the
 * database snapshot a client's copy is current to (query/delta.ts).
 *
 * Both are base64url JSON and an HMAC-SHA256 tag under a key all processes
 * share (platform_secrets); the tag also covers which option the token is
 * for, so one cannot stand in for the other. A token that was edited or made
 * up is refused with a 400 before any of its values reaches SQL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ODataErrors } from '../odata-errors.ts';

export type KeyValue = string | number | boolean | null;

export type TokenOption = '$skiptoken' | '$deltatoken';

export interface SignedTokens {
  encode(option: TokenOption, values: readonly KeyValue[]): string;
  /** The values of a token this service issued for `option`, with `length` values; otherwise a 400. */
  decode(option: TokenOption, token: string, length: number): KeyValue[];
}

const TAG_LENGTH = 22;

export function signedTokens(key: string): SignedTokens {
  const tag = (option: TokenOption, payload: string) => createHmac('sha256', key).update(`${option}\n${payload}`).digest('base64url').slice(0, TAG_LENGTH);
  return {
    encode(option, values) {
      const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
      return `${payload}.${tag(option, payload)}`;
    },
    decode(option, token, length) {
      const refuse = (why: string) => ODataErrors.ODATA_INVALID_QUERY([`${option} ${why}; follow the link as given`]);
      const match = /^([A-Za-z0-9_-]{1,8192})\.([A-Za-z0-9_-]{22})$/.exec(token);
      if (!match) throw refuse('is not one this service issued');
      const [, payload, presented] = match as unknown as [string, string, string];
      if (!timingSafeEqual(Buffer.from(presented), Buffer.from(tag(option, payload)))) throw refuse('is not one this service issued');
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
