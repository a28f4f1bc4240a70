/**
 * Who is calling the Apps API (seed 003, "Basic Authentication"): HTTP Basic
 * (RFC 7617) with the center's subdomain as username and an API token as
 * password. A request sent to `{subdomain}.localhost` (or `{subdomain}.` the
 * host of PUBLIC_URL) names its center by its Host as well; the two must
 * agree. An unknown subdomain is the seed's 404 "Resource not found - Please
 * check your subdomain", wrong credentials a 401; then the customer's rate
 * limit applies (rate-limit.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/config.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { verifyCredential } from '../centers/api-credentials.ts';
import { centerBySubdomain, type Center } from '../centers/centers.ts';
import type { CcDb } from '../db/cc-database.ts';
import { takeToken } from './rate-limit.ts';
import { ConcurrencySlots, type Slot } from '../../platform/limits/concurrency-slots.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The center the request is for, set by the Apps API's authentication hook. */
    center?: Center;
    /** The center's concurrency slot the request holds until its response is sent. */
    centerSlot?: Slot;
  }
}

/** The calling center; routes of the Apps API run only after the hook has set it. */
export function centerOf(request: FastifyRequest): Center {
  if (!request.center) throw ContactCenterErrors.CC_UNAUTHORIZED();
  return request.center;
}

export const CHALLENGE = 'Basic realm="Apps API", charset="UTF-8"';

/** RFC 7617 §2: `Basic base64(user-id ":" password)`; the user-id holds no colon. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64');
  if (decoded.toString('base64').replace(/=+$/, '') !== match[1]!.replace(/=+$/, '')) return undefined;
  const text = decoded.toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The subdomain the Host names, if it is `{label}.localhost` or `{label}.<PUBLIC_URL host>`. */
export function hostSubdomain(host: string | undefined, publicHost: string): string | undefined {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  for (const parent of new Set(['localhost', publicHost.toLowerCase()])) {
    if (name.endsWith(`.${parent}`)) {
      const label = name.slice(0, -parent.length - 1);
      if (!label.includes('.')) return label;
    }
  }
  return undefined;
}

/**
 * Requests of one center in progress at once in this process, and of all centers: a center that
 * raised its rate (CC_RATE_LIMIT) and sends slow requests still cannot take every pool connection.
 */
export const CENTER_CONCURRENCY = { perKey: 8, total: 64 } as const;

export function appsApiAuthentication(db: CcDb, config: Config) {
  const slots = new ConcurrencySlots('Apps API requests', CENTER_CONCURRENCY);
  const publicHost = new URL(config.publicUrl).hostname;
  const challenge = { headers: { 'www-authenticate': CHALLENGE } };
  return async (request: FastifyRequest): Promise<void> => {
    const fromHost = hostSubdomain(request.headers.host, publicHost);
    const credentials = basicCredentials(request.headers.authorization);
    const subdomain = credentials?.username ?? fromHost;
    const center = subdomain === undefined ? undefined : await centerBySubdomain(db, subdomain.toLowerCase());
    if (subdomain !== undefined && !center) throw ContactCenterErrors.CC_UNKNOWN_SUBDOMAIN();
    if (!credentials || !center) throw ContactCenterErrors.CC_UNAUTHORIZED([], challenge);
    if (fromHost !== undefined && fromHost !== center.subdomain) {
      throw ContactCenterErrors.CC_HOST_MISMATCH([center.subdomain, JSON.stringify(fromHost.slice(0, 63))], challenge);
    }
    if (!(await verifyCredential(db, center.tenantId, credentials.password))) throw ContactCenterErrors.CC_UNAUTHORIZED([], challenge);
    const decision = await takeToken(db, center.tenantId, config.ccRateLimit);
    if (!decision.allowed) {
      throw ContactCenterErrors.CC_RATE_LIMITED([config.ccRateLimit, decision.retryAfterSeconds], { headers: { 'retry-after': String(decision.retryAfterSeconds) } });
    }
    request.centerSlot = slots.acquire(center.tenantId);
    request.center = center;
  };
}
