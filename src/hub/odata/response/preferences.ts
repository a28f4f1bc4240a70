/**
 * What the client asked for in headers that shape a response:
 * - `Prefer: odata.maxpagesize=N` (4.0) or `maxpagesize=N` (4.01), Protocol
 *   4.01 §8.2.8.5; the hub pages at 100 by default and at most 1000;
 * - `Prefer: odata.track-changes` / `track-changes` (§8.2.8.9);
 * - `OData-MaxVersion: 4.0`: answer in the 4.0 spelling only (§8.2.7);
 * - `IEEE754Compatible=true` in Accept or Content-Type (JSON Format §3.2):
 *   Int64 and Decimal as strings.
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Preferences {
  readonly pageSize: number;
  /** Whether the client asked for a page size (echoed in Preference-Applied). */
  readonly pageSizeRequested: boolean;
  readonly trackChanges: boolean;
  readonly version: '4.0' | '4.01';
  readonly ieee754Compatible: boolean;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

export function readPreferences(headers: Headers): Preferences {
  let pageSize = DEFAULT_PAGE_SIZE;
  let pageSizeRequested = false;
  let trackChanges = false;
  // Prefer = preference *( COMMA preference ); preference = token [ EQ word ] *( ";" parameter )  (RFC 7240 §2)
  for (const item of header(headers, 'prefer').split(',')) {
    const [name = '', value] = item.split(';')[0]!.split('=').map((part) => part.trim().toLowerCase());
    if (name === 'odata.maxpagesize' || name === 'maxpagesize') {
      const size = Number(value);
      if (Number.isInteger(size) && size > 0) {
        pageSize = Math.min(size, MAX_PAGE_SIZE);
        pageSizeRequested = true;
      }
    } else if (name === 'odata.track-changes' || name === 'track-changes') {
      trackChanges = true;
    }
  }
  const maxVersion = header(headers, 'odata-maxversion').trim();
  const version = maxVersion !== '' && Number.parseFloat(maxVersion) < 4.01 ? '4.0' : '4.01';
  const ieee754Compatible = /ieee754compatible=true/i.test(`${header(headers, 'accept')};${header(headers, 'content-type')}`);
  return { pageSize, pageSizeRequested, trackChanges, version, ieee754Compatible };
}

/**
 * The names of control information in a response. 4.01 clients accept both
 * spellings; Four/Four integrations read `@nextLink` and `@count`, Four/Four's
 * documentation shows `@odata.nextLink`, so a 4.01 response carries both (the
 * `odata.`-less one second; docs/odata.md, "Decisions"). A 4.0 response carries only `@odata.…`.
 */
export function annotationNames(version: '4.0' | '4.01', name: 'count' | 'nextLink' | 'deltaLink'): readonly string[] {
  return version === '4.0' ? [`@odata.${name}`] : [`@odata.${name}`, `@${name}`];
}
