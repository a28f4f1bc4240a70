/**
 * The domains an email address can match an Account by (docs/processing.md,
 * "CRM matching"): the host of the address and its parent domains, longest
 * first, so that `ada@eu.acme.com` finds the account of `acme.com` when no
 * account has `eu.acme.com` itself. Addresses of free-mail and disposable
 * providers match no account by domain, however the CRM's accounts are
 * filled in (a sole trader's account with `gmail.com` as its domain would
 * otherwise claim every Gmail user). The list is email-providers'
 * (HubSpot's list of free and disposable providers, about 8,800 domains,
 * published monthly to npm), read once at start.
 */
import { createRequire } from 'node:module';

// A JSON array of lowercase domains; the package declares no types and no exports map.
const FREE_MAIL: ReadonlySet<string> = new Set(createRequire(import.meta.url)('email-providers/all.json') as string[]);

export function isFreeMailDomain(host: string): boolean {
  return FREE_MAIL.has(host);
}

/**
 * `host` (already normalised by SQL's crm_host) and its parents down to two
 * labels, longest first; none when any of them is a free-mail provider
 * (`mail.yahoo.co.jp`). Parents stop at two labels without consulting the
 * public-suffix list, so `acme.co.uk` also tries `co.uk`, which no account
 * has as its domain.
 */
export function domainCandidates(host: string | null): string[] {
  if (!host || !host.includes('.')) return [];
  const labels = host.split('.');
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  return candidates.some(isFreeMailDomain) ? [] : candidates;
}
