/**
 * The `ip_addrs` of a forced logout (seed 003, "Force Logout Agents"): CIDR
 * blocks ("34.211.11.0/24"), single IPv4 or IPv6 addresses, and ranges
 * ("10.0.0.1-10.0.0.20"), read with ipaddr.js and matched by PostgreSQL's
 * inet operators against the address each agent last logged in from.
 */
import ipaddr from 'ipaddr.js';
import { sql, type Expression, type SqlBool } from 'kysely';

export type IpPattern = { readonly kind: 'cidr'; readonly cidr: string } | { readonly kind: 'range'; readonly first: string; readonly last: string };

/** An address as PostgreSQL's inet reads it: dotted-quad IPv4 (not ipaddr.js's legacy hex and octal forms) or IPv6 without a zone. */
function address(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (text.includes('%')) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : undefined;
}

export function readIpPattern(text: string): IpPattern | undefined {
  const value = text.trim();
  if (value.length > 100) return undefined;
  if (value.includes('/')) {
    const [host = '', bits = '', extra] = value.split('/');
    const parsed = address(host);
    if (extra !== undefined || !parsed || !/^\d{1,3}$/.test(bits) || Number(bits) > (parsed.kind() === 'ipv4' ? 32 : 128)) return undefined;
    // inet's `<<=` compares network parts, so a block written with host bits set ("10.0.0.7/24") still means 10.0.0.0/24.
    return { kind: 'cidr', cidr: `${parsed.toNormalizedString()}/${bits}` };
  }
  const [first = '', last, extra] = value.split('-').map((part) => part.trim());
  const a = address(first);
  const b = last === undefined ? a : address(last);
  if (extra !== undefined || !a || !b || a.kind() !== b.kind()) return undefined;
  return { kind: 'range', first: a.toNormalizedString(), last: b.toNormalizedString() };
}

/** Whether `column` (an inet) lies in the pattern. */
export function ipMatches(column: string, pattern: IpPattern): Expression<SqlBool> {
  const ref = sql.ref(column);
  return pattern.kind === 'cidr'
    ? sql<SqlBool>`${ref} <<= ${pattern.cidr}::inet`
    : sql<SqlBool>`(family(${ref}) = family(${pattern.first}::inet) and ${ref} between ${pattern.first}::inet and ${pattern.last}::inet)`;
}
