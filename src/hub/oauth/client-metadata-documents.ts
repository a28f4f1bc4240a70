/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document-00,
 * oidc-provider's `clientIdMetadataDocument`, its draft-02 numbering): a
 * client whose client_id is an https URL is described by the JSON document
 * at that URL. The library fetches it (2.5 s timeout, size-checked),
 * requires `client_id` to equal the URL, refuses shared secrets and caches
 * it by its Cache-Control (30 s to a day).
 *
 * Here: where it may fetch from (SSRF). The host must resolve only to
 * public unicast addresses: private, loopback, link-local (the cloud
 * metadata service), carrier-grade NAT, unique-local and reserved ranges
 * are refused before any request, with `invalid_client` and the reason.
 * The connection checks every address again as it resolves the name, and
 * connects only to checked ones (a name that changes its answer after the
 * first check: DNS rebinding). ALLOW_LOOPBACK_CLIENT_METADATA lets loopback
 * through for development, and nothing else.
 *
 * Left open: any public host and port may be asked, once per unknown
 * client_id that an authorization request names (failures are not cached).
 */
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { errors, type Configuration } from 'oidc-provider';
import { Agent, fetch as undiciFetch } from 'undici';

export interface MetadataFetchPolicy {
  readonly allowLoopback: boolean;
}

/** Why an address may not be fetched from, or undefined when it may. */
export function refusedAddress(address: string, policy: MetadataFetchPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return range;
}

async function assertPublicHost(clientId: string, policy: MetadataFetchPolicy): Promise<void> {
  const host = new URL(clientId).hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [host] : await dns.promises.lookup(host, { all: true, verbatim: true }).then(
    (found) => found.map((a) => a.address),
    () => [],
  );
  if (addresses.length === 0) throw new errors.InvalidClient('client_id metadata document host does not resolve');
  for (const address of addresses) {
    const range = refusedAddress(address, policy);
    if (range) throw new errors.InvalidClient(`client_id metadata document host resolves to a ${range} address (${address}), which the server does not fetch from`);
  }
}

/** A `net` lookup that refuses a name if any of its addresses is refused, and hands on only checked ones. */
function guardedLookup(policy: MetadataFetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => refusedAddress(a.address, policy));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which the server does not fetch from`), { code: 'EREFUSED' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export function clientMetadataDocumentOptions(policy: MetadataFetchPolicy): Pick<Configuration, 'fetch'> & { feature: NonNullable<NonNullable<Configuration['features']>['clientIdMetadataDocument']> } {
  // Replaces the library's own guarded dispatcher, which would refuse loopback in development too.
  const agent = new Agent({ connect: { lookup: guardedLookup(policy) } });
  return {
    feature: {
      enabled: true,
      ack: 'draft-02',
      allowFetch: async (_ctx, clientId) => {
        await assertPublicHost(clientId, policy);
        return true;
      },
    },
    fetch: (url, options) => undiciFetch(String(url), { ...(options as object), dispatcher: agent }) as unknown as Promise<Response>,
  };
}
