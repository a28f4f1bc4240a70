/**
 * Keeps webhooks (the hub's subscriptions, the contact center's chat
 * webhook) from reaching inside the network the service runs in (SSRF).
 *
 * A target must resolve only to public unicast addresses: private,
 * loopback, link-local (169.254.169.254, the cloud metadata service),
 * unique-local (fd00:ec2::254), carrier-grade NAT (100.100.100.200),
 * unspecified, multicast, reserved and tunnelling ranges are refused, as
 * classified by ipaddr.js. IPv6 forms that carry an IPv4 address:
 *
 * - IPv4-mapped (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) and NAT64's
 *   well-known prefix (`64:ff9b::a.b.c.d`, RFC 6052 §2.1, what DNS64 answers
 *   on an IPv6-only network) are judged as the IPv4 address they carry;
 * - IPv4-compatible (`::a.b.c.d`, deprecated by RFC 4291 §2.5.5.1, which
 *   ipaddr.js counts as unicast), NAT64 local-use prefixes (`64:ff9b:1::/48`,
 *   RFC 8215, where the operator picks where the IPv4 address sits), 6to4
 *   (`2002::/16`, RFC 3056), Teredo (`2001::/32`, RFC 4380) and the
 *   translated form `::ffff:0:a.b.c.d` (RFC 6145) are refused whatever they
 *   carry.
 *
 * `ALLOW_INSECURE_WEBHOOKS` lets loopback through, and plain http only to
 * loopback, for development.
 *
 * The check runs when a subscription is saved and again on every connection:
 * the delivery agent's `lookup` resolves the name, refuses it if any address
 * is not allowed, and hands exactly the checked addresses to the socket, so a
 * name that changes its answer between check and connect (DNS rebinding)
 * cannot slip through. Literal IP hosts skip DNS and are checked directly.
 */
import dns, { type LookupAddress } from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';
import { TargetErrors } from './target-errors.ts';

export interface TargetPolicy {
  /** ALLOW_INSECURE_WEBHOOKS */
  readonly allowLoopback: boolean;
}

/** Resolves every address of a name (dns.lookup with `all`), replaceable in tests. */
export type ResolveAll = (hostname: string) => Promise<readonly LookupAddress[]>;

export const resolveAll: ResolveAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * The address in hexadecimal groups: ipaddr.js reads a dotted IPv6 tail as IPv4-mapped
 * (`::127.0.0.1` as `::ffff:127.0.0.1`), so the WHATWG URL parser writes it out first.
 */
function hexadecimal(address: string): string | undefined {
  if (!address.includes('.') || !net.isIPv6(address)) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** ipaddr.js's range name, but the IPv4 address inside NAT64's well-known prefix judged, and IPv4-compatible addresses named. */
function rangeOf(address: string): string {
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.range();
  const ipv6 = parsed as ipaddr.IPv6;
  if (ipv6.match(NAT64_WELL_KNOWN)) {
    // Named apart, so that ALLOW_INSECURE_WEBHOOKS never lets loopback through a translator.
    const carried = ipaddr.fromByteArray(ipv6.toByteArray().slice(12)).range();
    return carried === 'unicast' ? carried : `${carried} (carried in NAT64's 64:ff9b::/96)`;
  }
  const range = ipv6.range();
  return range === 'unicast' && ipv6.match(IPV4_COMPATIBLE) ? 'ipv4Compatible' : range;
}

/** The name of the range that refuses `address`, or undefined when a webhook may reach it. */
export function refusedRange(address: string, protocol: 'http:' | 'https:', policy: TargetPolicy): string | undefined {
  const written = hexadecimal(address);
  if (written === undefined || !ipaddr.isValid(written)) return 'invalid';
  const range = rangeOf(written);
  if (range === 'loopback') return policy.allowLoopback ? undefined : 'loopback';
  if (protocol === 'http:') return `${range === 'unicast' ? 'public' : range} (plain http is allowed only to loopback, with ALLOW_INSECURE_WEBHOOKS)`;
  return range === 'unicast' ? undefined : range;
}

const MAX_URL_LENGTH = 2000;

/** The URL's own rules, before any DNS: absolute https (or http in development), no credentials or fragment. */
function parseTarget(raw: string, policy: TargetPolicy): URL {
  const value = raw.trim();
  const shown = JSON.stringify(value.slice(0, 200));
  if (value.length > MAX_URL_LENGTH) throw TargetErrors.WEBHOOK_INVALID_URL([shown, `it is longer than ${MAX_URL_LENGTH} characters`]);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw TargetErrors.WEBHOOK_INVALID_URL([shown, 'it must be an absolute URL such as https://example.com/webhook']);
  }
  if (url.username || url.password) throw TargetErrors.WEBHOOK_INVALID_URL([shown, 'it must not contain credentials']);
  if (url.hash || value.includes('#')) throw TargetErrors.WEBHOOK_INVALID_URL([shown, 'it must not contain a fragment']);
  if (url.protocol === 'http:' && !policy.allowLoopback) throw TargetErrors.WEBHOOK_INVALID_URL([shown, 'it must use https']);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw TargetErrors.WEBHOOK_INVALID_URL([shown, 'it must use https']);
  return url;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * Checks a subscription's URL as it is saved: its form, then every address
 * its host resolves to. Returns the URL as given (trimmed).
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy, resolve: ResolveAll = resolveAll): Promise<string> {
  const url = parseTarget(raw, policy);
  const protocol = url.protocol as 'http:' | 'https:';
  const host = bare(url.hostname);
  let addresses: readonly LookupAddress[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw TargetErrors.WEBHOOK_UNRESOLVABLE([url.href, (error as NodeJS.ErrnoException).code ?? 'lookup failed']);
    }
    if (addresses.length === 0) throw TargetErrors.WEBHOOK_UNRESOLVABLE([url.href, 'no addresses']);
  }
  for (const { address } of addresses) {
    const range = refusedRange(address, protocol, policy);
    if (range) throw TargetErrors.WEBHOOK_ADDRESS_REFUSED([url.href, address, range]);
  }
  return raw.trim();
}

export class RefusedTargetError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

/** A `net` lookup that resolves, refuses any disallowed address, and returns only checked ones. */
export function guardedLookup(protocol: 'http:' | 'https:', policy: TargetPolicy, resolve: ResolveAll = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' && options.family !== 0 ? options.family : undefined;
        const usable = addresses.filter((a) => family === undefined || a.family === family);
        for (const { address } of usable) {
          const range = refusedRange(address, protocol, policy);
          if (range) return callback(new RefusedTargetError(`${hostname} resolves to ${address}, a ${range} address`), '', 0);
        }
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, [...usable]);
        return callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

export interface TargetCheck {
  /** Why the URL may not be reached at all now (its literal address or its scheme), before connecting. */
  refusal(url: URL): string | undefined;
  /** The keep-alive agent whose connections go only to checked addresses, for the URL's scheme. */
  agent(url: URL): Agent;
  close(): Promise<void>;
}

/** Delivery-time guard: one pinned keep-alive agent per scheme, shared by every delivery of the process. */
export function deliveryGuard(policy: TargetPolicy, resolve: ResolveAll = resolveAll): TargetCheck {
  const make = (protocol: 'http:' | 'https:') =>
    new Agent({
      keepAliveTimeout: 30_000,
      connect: { lookup: guardedLookup(protocol, policy, resolve) },
    });
  const agents = { 'http:': make('http:'), 'https:': make('https:') };
  return {
    refusal(url) {
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback)) return `${url.protocol} is not allowed`;
      const host = bare(url.hostname);
      if (!net.isIP(host)) return undefined;
      const range = refusedRange(host, url.protocol as 'http:' | 'https:', policy);
      return range && `${host} is a ${range} address`;
    },
    agent: (url) => agents[url.protocol as 'http:' | 'https:'],
    async close() {
      await Promise.all(Object.values(agents).map((agent) => agent.close()));
    },
  };
}
