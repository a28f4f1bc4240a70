/**
 * Primitive values as JSON text (OData JSON Format 4.01 §7.1), from the text
 * PostgreSQL sends. Reading numbers and times as text and writing them
 * straight out keeps Decimal and Int64 exact (no float round trip) and
 * skips Date objects on the hot path of large exports.
 */
import type { EdmPrimitive } from '../model/edm.ts';

export type Formatter = (text: string) => string;

// The query selects timestamps as (… at time zone 'UTC')::text under DateStyle ISO, whatever the session's
// time zone: 2024-01-15 10:30:00.12, trailing zeros already dropped; written as RFC 3339 UTC: 2024-01-15T10:30:00.12Z.
function dateTimeOffset(text: string): string {
  return `"${text.replace(' ', 'T')}Z"`;
}

const number: Formatter = (text) => (text === 'NaN' || text === 'Infinity' || text === '-Infinity' ? JSON.stringify(text.replace('Infinity', 'INF')) : text);
const string: Formatter = (text) => JSON.stringify(text);

/** The formatter of a type; Int64 and Decimal become strings under IEEE754Compatible=true. */
export function formatterFor(type: EdmPrimitive, ieee754Compatible: boolean): Formatter {
  switch (type) {
    case 'Edm.Int64':
    case 'Edm.Decimal':
      return ieee754Compatible ? string : number;
    case 'Edm.Int32':
    case 'Edm.Double':
      return number;
    case 'Edm.Boolean':
      return (text) => (text === 'true' ? 'true' : 'false');
    case 'Edm.DateTimeOffset':
      return dateTimeOffset;
    case 'Edm.Date':
    case 'Edm.String':
    case 'Edm.Guid':
      return string;
  }
}
