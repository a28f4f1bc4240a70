/**
 * The one gate for redirect targets a client supplies (`return_to`): only a
 * path on the hub passes, anything else becomes the default page.
 *
 * - Printable ASCII only. A request target is (RFC 9112 §3.2, RFC 3986 §2),
 *   so a `return_to` that `loginRedirect` made from a real request always is;
 *   a control character, U+2028 or a space was put there by hand, and would
 *   otherwise break the `Location` header.
 * - Resolved against PUBLIC_URL with the WHATWG URL parser, which is how a
 *   browser reads `Location` (RFC 9110 §10.2.2), and kept only if the origin
 *   is the hub's. The parser drops tab, CR and LF (`/\t/evil.example` is
 *   `//evil.example`), takes `\` for `/`, and reads a leading `//` as a host.
 * - The answer is the parsed path, query and fragment, resolved once more:
 *   dot segments can leave a path that starts with `//` (`/.//evil.example`).
 */
export const DEFAULT_PAGE = '/settings/connections';

const PRINTABLE_PATH = /^\/[\x21-\x7e]*$/;

export function sameOriginPath(target: unknown, publicUrl: string): string {
  if (typeof target !== 'string' || !PRINTABLE_PATH.test(target)) return DEFAULT_PAGE;
  const origin = new URL(publicUrl).origin;
  const resolved = URL.parse(target, origin);
  if (resolved?.origin !== origin) return DEFAULT_PAGE;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return URL.parse(path, origin)?.href === resolved.href ? path : DEFAULT_PAGE;
}
