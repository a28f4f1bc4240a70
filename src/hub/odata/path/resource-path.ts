/**
 * The resource path of an OData request (URL Conventions 4.01 §4), after
 * `/odata/`. What the hub serves:
 *
 *   Set                          collection           (§4.3)
 *   Set/$count                   its count            (§4.8)
 *   Set(key) | Set('key') | Set(id='key') | Set/key      one entity  (§4.3, §4.3.6 key-as-segment)
 *   …entity/Navigation           related entity or collection (§4.3)
 *   …entity/Navigation/$count
 *
 * Set names match case-insensitively (clients send `/odata/contacts`);
 * navigation names exactly. Keys are strings; the quoted form follows the
 * ABNF `string` rule (`''` is a quote), the unquoted form is taken as written.
 */
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { NavigationDefinition } from '../model/navigation.ts';
import { findEntitySet } from '../model/registry.ts';
import { ODataErrors } from '../odata-errors.ts';

export interface ResourcePath {
  readonly set: EntitySetDefinition;
  readonly key?: string;
  readonly navigation?: NavigationDefinition;
  /** `$count` ends the path. */
  readonly count: boolean;
}

// keyPredicate = "(" ( keyPropertyValue / keyValuePair ) ")"  (ABNF, simplified to our single string key)
const KEY_PREDICATE = /^(?<name>[^()]+)\((?:id=)?(?<key>'(?:[^']|'')*'|[^'()]+)\)$/;

function decode(segment: string, raw: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw ODataErrors.ODATA_BAD_PATH([raw, 'malformed percent-encoding']);
  }
}

function keyValue(text: string): string {
  return text.startsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : text;
}

/** Parses the path after `/odata/` (still percent-encoded, without query string). */
export function parseResourcePath(raw: string): ResourcePath {
  const segments = raw.split('/').map((segment) => decode(segment, raw));
  if (segments.some((segment) => segment === '')) throw ODataErrors.ODATA_BAD_PATH([raw, 'empty segment']);
  const first = segments.shift()!;
  const predicate = KEY_PREDICATE.exec(first);
  const setName = predicate?.groups?.name ?? first.split('(')[0]!;
  const set = findEntitySet(setName);
  if (!set) throw ODataErrors.ODATA_UNKNOWN_SET([setName]);
  let key = predicate ? keyValue(predicate.groups!.key!) : undefined;
  if (!predicate && first.includes('(')) throw ODataErrors.ODATA_BAD_PATH([raw, `malformed key in ${first}`]);

  let count = false;
  let navigation: NavigationDefinition | undefined;
  for (const segment of segments) {
    if (count) throw ODataErrors.ODATA_BAD_PATH([raw, '$count must be the last segment']);
    if (segment === '$count') {
      if (key !== undefined && !navigation) throw ODataErrors.ODATA_BAD_PATH([raw, '$count applies to a collection, not to one entity']);
      if (navigation?.kind === 'one') throw ODataErrors.ODATA_BAD_PATH([raw, `${navigation.name} is a single entity, it has no $count`]);
      count = true;
    } else if (key === undefined) {
      key = segment;
    } else if (!navigation) {
      navigation = set.navigation.find((n) => n.name === segment);
      if (!navigation) throw ODataErrors.ODATA_UNKNOWN_NAVIGATION([set.type, segment]);
    } else {
      throw ODataErrors.ODATA_BAD_PATH([raw, 'navigation beyond one level is not supported; use $expand']);
    }
  }
  return Object.freeze({ set, ...(key !== undefined ? { key } : {}), ...(navigation ? { navigation } : {}), count });
}
