/**
 * The links a response hands back, built from PUBLIC_URL and the request's
 * own query, every kept option byte for byte; clients follow them verbatim
 * (docs/odata.md, "Decisions").
 *
 * - next link (Protocol 4.01 §11.2.6.7, Server-Driven Paging): every option kept (`$top` included:
 *   it is the page size, see read-routes.ts) except `$skip` (the keyset token
 *   replaces it) and `$skiptoken`, which names where the next page starts;
 * - delta link (§11.3.1): the defining query only ($filter, $search,
 *   $select, aliases, custom options) and `$deltatoken`. It "MUST NOT encode
 *   any client top or skip value", and a delta has no order or count;
 * - refetch link (§11.3.2: the Location of a 410 for a delta link no longer
 *   valid): that defining query alone, to read the whole set again;
 * - the next link of an expanded collection cut at the page size (JSON
 *   Format 4.01, "Expanded Navigation Property": `Contacts@nextLink`): the
 *   navigation path of its parent with the nested options as written, and a
 *   skip token after the last entity served.
 */
function optionName(part: string): string {
  const raw = part.split('=')[0]!;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

function link(publicUrl: string, resourcePath: string, query: string, dropped: ReadonlySet<string>, added?: string): string {
  const kept = query.split('&').filter((part) => part !== '' && !dropped.has(optionName(part)));
  if (added !== undefined) kept.push(added);
  return `${publicUrl}/odata/${resourcePath}${kept.length ? `?${kept.join('&')}` : ''}`;
}

const NOT_IN_NEXT_LINK = new Set(['$skiptoken', '$skip', 'skip']);
const NOT_IN_DELTA_LINK = new Set(['$skiptoken', '$deltatoken', ...['skip', 'top', 'count', 'orderby', 'expand'].flatMap((name) => [name, `$${name}`])]);

export function nextLink(publicUrl: string, resourcePath: string, query: string, skiptoken: string): string {
  return link(publicUrl, resourcePath, query, NOT_IN_NEXT_LINK, `$skiptoken=${skiptoken}`);
}

export function deltaLink(publicUrl: string, resourcePath: string, query: string, deltatoken: string): string {
  return link(publicUrl, resourcePath, query, NOT_IN_DELTA_LINK, `$deltatoken=${deltatoken}`);
}

export function refetchLink(publicUrl: string, resourcePath: string, query: string): string {
  return link(publicUrl, resourcePath, query, NOT_IN_DELTA_LINK);
}

/** An entity's URL in key-as-parentheses form (URL Conventions 4.01 §4.3.1). */
export function entityUrl(publicUrl: string, setName: string, id: string): string {
  return `${publicUrl}/odata/${setName}('${encodeURIComponent(id.replace(/'/g, "''"))}')`;
}

/**
 * The next link of an expanded collection: its parent's navigation path, the nested options as written (decoded,
 * `name=value`; `$top`, `$skip` and `$count` replaced), the aliases of the enclosing levels they may use (as
 * sent), what is left of the client's own `$top`, and the keyset token after the last entity served.
 */
export function expandedNextLink(parentUrl: string, navigation: string, written: readonly string[], aliases: readonly string[], top: number | undefined, skiptoken: string): string {
  const options = written
    .filter((option) => !/^\$?(top|skip|count)=/i.test(option))
    .map((option) => {
      const at = option.indexOf('=');
      return `${option.slice(0, at)}=${encodeURIComponent(option.slice(at + 1))}`;
    });
  return `${parentUrl}/${navigation}?${[...options, ...aliases, ...(top === undefined ? [] : [`$top=${top}`]), `$skiptoken=${skiptoken}`].join('&')}`;
}
