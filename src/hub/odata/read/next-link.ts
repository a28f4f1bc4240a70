/**
 * The next link of a page (Protocol 4.01 §11.2.5.7): the request's own URL,
 * built from PUBLIC_URL, with every query option kept byte for byte (`$top`
 * included: it is the page size, see read-routes.ts) except that `$skip` is
 * dropped (the keyset token replaces it) and `$skiptoken` names where the
 * next page starts. Clients follow it verbatim (reference/hub-api-clients.md).
 */
function optionName(part: string): string {
  const raw = part.split('=')[0]!;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

export function nextLink(publicUrl: string, resourcePath: string, query: string, skiptoken: string): string {
  const kept = query.split('&').filter((part) => {
    const name = optionName(part);
    return part !== '' && name !== '$skiptoken' && name !== '$skip' && name !== 'skip';
  });
  kept.push(`$skiptoken=${skiptoken}`);
  return `${publicUrl}/odata/${resourcePath}?${kept.join('&')}`;
}
