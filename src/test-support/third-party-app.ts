/**
 * A third-party web application written only from Four/Four's published
 * steps (docs/oauth.md, the authorization code flow): a "Connect" link to
 * /oauth/authorize without scope, a callback that posts the code with the
 * client credentials in the form body, calls to /odata/me, and a refresh
 * when a call answers 401. Used by the end-to-end tests as the real client.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './cleanup.ts';

export interface ThirdPartyApp {
  readonly url: string;
  readonly redirectUri: string;
  /** What the app saw, for assertions. */
  readonly log: string[];
}

export async function startThirdPartyApp(hubUrl: string, client: () => { clientId: string; clientSecret: string }): Promise<ThirdPartyApp> {
  const log: string[] = [];
  const states = new Set<string>();
  let tokens: { access_token: string; refresh_token: string } | undefined;
  let redirectUri = '';

  const tokenRequest = async (form: Record<string, string>) => {
    // Four/Four's curl example (docs/oauth.md, "4. Exchange the code for tokens"): -H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=…&client_id=…&client_secret=…'
    const response = await fetch(`${hubUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, client_id: client().clientId, client_secret: client().clientSecret }).toString(),
    });
    const body = (await response.json()) as Record<string, string>;
    log.push(`token ${response.status}`);
    if (response.status !== 200) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
    return body as unknown as { access_token: string; refresh_token: string };
  };
  const me = async () => {
    const response = await fetch(`${hubUrl}/odata/me`, { headers: { authorization: `Bearer ${tokens!.access_token}` } });
    log.push(`me ${response.status}`);
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as Record<string, string>) : undefined };
  };
  const send = (res: http.ServerResponse, status: number, html: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>Acme</title></head><body>${html}</body></html>`);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    try {
      if (url.pathname === '/') {
        const state = randomBytes(12).toString('hex');
        states.add(state);
        const authorize = `${hubUrl}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client().clientId, redirect_uri: redirectUri, state })}`;
        return send(res, 200, `<h1>Acme</h1><a href="${authorize.replace(/&/g, '&amp;')}">Connect to CommonTime</a>`);
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        if (!states.delete(state)) return send(res, 400, '<h1>Unknown state</h1>');
        if (url.searchParams.get('error')) {
          log.push(`error ${url.searchParams.get('error')}`);
          return send(res, 200, `<h1>Not connected</h1><p id="error">${url.searchParams.get('error')}</p>`);
        }
        tokens = await tokenRequest({ grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: redirectUri });
        const { body } = await me();
        return send(res, 200, `<h1>Connected</h1><p id="who">${body!.user_name} in ${body!.tenant_name}</p>`);
      }
      if (url.pathname === '/sync') {
        // A scheduled job: call the API; on 401 refresh once and call again.
        let result = await me();
        if (result.status === 401) {
          tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens!.refresh_token });
          result = await me();
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      send(res, 404, 'not found');
    } catch (error) {
      log.push(`failure ${(error as Error).message}`);
      send(res, 500, `<p id="failure">${(error as Error).message}</p>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${url}/callback`;
  return { url, redirectUri, log };
}
