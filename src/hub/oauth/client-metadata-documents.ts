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
 * The library's own dispatcher checks the connected address again (a name
 * that changes its answer after the check); ALLOW_LOOPBACK_CLIENT_METADATA
 * lets loopback through for development, where that second check, which
 * refuses loopback, is left out.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { errors, type Configuration } from 'oidc-provider';
import { Agent } from 'undici';

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

export function clientMetadataDocumentOptions(policy: MetadataFetchPolicy): Pick<Configuration, 'fetch'> & { feature: NonNullable<NonNullable<Configuration['features']>['clientIdMetadataDocument']> } {
  const loopbackAgent = policy.allowLoopback ? new Agent() : undefined;
  return {
    feature: {
      enabled: true,
      ack: 'draft-02',
      allowFetch: async (_ctx, clientId) => {
        await assertPublicHost(clientId, policy);
        return true;
      },
    },
    fetch: (url, options) => fetch(url, loopbackAgent ? ({ ...options, dispatcher: loopbackAgent } as RequestInit) : options),
  };
}
