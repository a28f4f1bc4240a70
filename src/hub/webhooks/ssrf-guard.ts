/**
 * Keeps webhooks from reaching inside the network the hub runs in (SSRF).
 *
 * A target must resolve only to public unicast addresses: private,
 * loopback, link-local (169.254.169.254, the cloud metadata service),
 * unique-local (fd00:ec2::254), carrier-grade NAT (100.100.100.200),
 * unspecified, multicast, reserved and tunnelling ranges are refused, as
 * classified by ipaddr.js (IPv4-mapped IPv6 addresses are unwrapped first).
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
import { WebhookErrors } from './webhook-errors.ts';

export interface TargetPolicy {
  /** ALLOW_INSECURE_WEBHOOKS */
  readonly allowLoopback: boolean;
}

/** Resolves every address of a name (dns.lookup with `all`), replaceable in tests. */
export type ResolveAll = (hostname: string) => Promise<readonly LookupAddress[]>;

export const resolveAll: ResolveAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The name of the range that refuses `address`, or undefined when a webhook may reach it. */
export function refusedRange(address: string, protocol: 'http:' | 'https:', policy: TargetPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  if (range === 'loopback') return policy.allowLoopback ? undefined : 'loopback';
  if (protocol === 'http:') return `${range === 'unicast' ? 'public' : range} (plain http is allowed only to loopback, with ALLOW_INSECURE_WEBHOOKS)`;
  return range === 'unicast' ? undefined : range;
}

const MAX_URL_LENGTH = 2000;

/** The URL's own rules, before any DNS: absolute https (or http in development), no credentials or fragment. */
function parseTarget(raw: string, policy: TargetPolicy): URL {
  const value = raw.trim();
  const shown = JSON.stringify(value.slice(0, 200));
  if (value.length > MAX_URL_LENGTH) throw WebhookErrors.WEBHOOK_INVALID_URL([shown, `it is longer than ${MAX_URL_LENGTH} characters`]);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw WebhookErrors.WEBHOOK_INVALID_URL([shown, 'it must be an absolute URL such as https://example.com/webhook']);
  }
  if (url.username || url.password) throw WebhookErrors.WEBHOOK_INVALID_URL([shown, 'it must not contain credentials']);
  if (url.hash || value.includes('#')) throw WebhookErrors.WEBHOOK_INVALID_URL([shown, 'it must not contain a fragment']);
  if (url.protocol === 'http:' && !policy.allowLoopback) throw WebhookErrors.WEBHOOK_INVALID_URL([shown, 'it must use https']);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw WebhookErrors.WEBHOOK_INVALID_URL([shown, 'it must use https']);
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
      throw WebhookErrors.WEBHOOK_UNRESOLVABLE([url.href, (error as NodeJS.ErrnoException).code ?? 'lookup failed']);
    }
    if (addresses.length === 0) throw WebhookErrors.WEBHOOK_UNRESOLVABLE([url.href, 'no addresses']);
  }
  for (const { address } of addresses) {
    const range = refusedRange(address, protocol, policy);
    if (range) throw WebhookErrors.WEBHOOK_ADDRESS_REFUSED([url.href, address, range]);
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
