/**
 * `$skiptoken`: where the next page starts, for keyset pagination. It holds
 * the order-by values and the id of the last row served, so the next page
 * is `WHERE (order keys, id) > (those values)`: as fast at page 5,000 as at
 * page 1, and stable while rows are inserted. Opaque to clients (base64url
 * of JSON); anything that does not decode to the expected shape is a 400.
 */
import { ODataErrors } from '../odata-errors.ts';

export type KeyValue = string | number | boolean | null;

export function encodeSkipToken(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeSkipToken(token: string, length: number): KeyValue[] {
  let values: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,4096}$/.test(token)) throw new Error('not base64url');
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw ODataErrors.ODATA_INVALID_QUERY(['$skiptoken is not one this service issued; follow the next link as given']);
  }
  const valid = Array.isArray(values) && values.length === length && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  if (!valid) throw ODataErrors.ODATA_INVALID_QUERY(['$skiptoken does not match this query; follow the next link as given']);
  return values as KeyValue[];
}
