/**
 * An MCP client's Client ID Metadata Document, served over https from
 * loopback as a client's own site would serve it: a certificate made for
 * `localhost` and trusted by this process only (tls.setDefaultCACertificates,
 * which Node's fetch uses), so the hub under test fetches it with its real
 * TLS checks.
 */
import { createServer } from 'node:https';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { onCleanup } from './cleanup.ts';

export interface MetadataDocumentServer {
  readonly origin: string;
  /** Serves `document` at `path`; a function gets the URL it is served at. */
  serve(path: string, document: Record<string, unknown> | ((url: string) => Record<string, unknown>)): string;
  /** Answers `path` with a 302 to `to`; returns the URL. */
  redirect(path: string, to: string): string;
  readonly fetches: string[];
}

export async function startMetadataDocumentServer(): Promise<MetadataDocumentServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
  });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), pems.cert]);
  const documents = new Map<string, Record<string, unknown>>();
  const redirects = new Map<string, string>();
  const fetches: string[] = [];
  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    fetches.push(request.url ?? '');
    const to = redirects.get(request.url ?? '');
    if (to) return response.writeHead(302, { location: to }).end();
    const document = documents.get(request.url ?? '');
    if (!document) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const origin = `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    fetches,
    serve(path, document) {
      const url = `${origin}${path}`;
      documents.set(path, typeof document === 'function' ? document(url) : document);
      return url;
    },
    redirect(path, to) {
      redirects.set(path, to);
      return `${origin}${path}`;
    },
  };
}
