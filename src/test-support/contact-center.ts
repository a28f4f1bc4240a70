/**
 * Fixtures of the contact center's tests: the service on a loopback port, a
 * workspace with its demo center and an API credential, and a client that
 * speaks the Apps API with Basic auth, as integrators' scripts do.
 */
import http from 'node:http';
import { createCredential } from '../contact-center/centers/api-credentials.ts';
import { contactCenterService } from '../contact-center/contact-center-service.ts';
import { ccDb, type CcDb } from '../contact-center/db/cc-database.ts';
import { seedDemoCenter, type DemoCenter } from '../contact-center/demo/demo-center.ts';
import { loadConfig } from '../platform/config/config.ts';
import type { DatabaseHandle, Db } from '../platform/db/database.ts';
import { startWorker } from '../platform/jobs/worker.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { createTenant } from '../platform/tenancy/tenancy.ts';
import { createTestDatabase } from './test-database.ts';
import { SCHEDULE, taskList } from '../services.ts';
import { onCleanup } from './cleanup.ts';
import { startTestServer, type TestServer } from './http.ts';

/** A limit high enough that only the rate-limit tests meet it. */
export const TEST_CC_ENV = { CC_RATE_LIMIT: '100000' };

export function startContactCenter(db: Db, env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer(contactCenterService, db, { env: { ...TEST_CC_ENV, ...env } });
}

/** The real tasks (the simulation's steps among them) on a worker that polls often, so simulated time is not lost waiting. */
export async function startContactCenterWorker(database: DatabaseHandle, env: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...TEST_CC_ENV, ...env });
  const worker = await startWorker(database, createLogger('silent'), taskList(database.db, config), { concurrency: 4, pollIntervalMs: 50, schedule: SCHEDULE });
  onCleanup(() => worker.stop());
}

export interface DemoTenant {
  readonly tenantId: string;
  readonly subdomain: string;
  readonly token: string;
  readonly demo: DemoCenter;
  readonly db: CcDb;
}

export async function demoTenant(db: Db, name: string): Promise<DemoTenant> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const { tenantId } = await createTenant(db, { name, admin: { email: `admin@${slug}.example`, password: 'correct horse battery', name: `${name} Admin` } });
  const cc = ccDb(db);
  const demo = await seedDemoCenter(cc, tenantId, { subdomain: slug });
  const { token } = await createCredential(cc, tenantId);
  return { tenantId, subdomain: demo.subdomain, token, demo, db: cc };
}

export interface AppsApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** Calls `/apps/api/v1` as a tenant; `body` is sent as JSON unless it is a string or FormData. */
export class AppsApiClient {
  readonly url: string;
  readonly username: string;
  readonly password: string;

  constructor(url: string, username: string, password: string) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  static of(server: TestServer, tenant: Pick<DemoTenant, 'subdomain' | 'token'>): AppsApiClient {
    return new AppsApiClient(server.url, tenant.subdomain, tenant.token);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AppsApiResponse> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`, accept: 'application/json', ...headers },
    };
    if (body instanceof FormData || typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = headers.host === undefined ? await fetch(`${this.url}/apps/api/v1${path}`, init) : await withHost(`${this.url}/apps/api/v1${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }

  patch(path: string, body?: unknown) {
    return this.request('PATCH', path, body ?? {});
  }

  put(path: string, body?: unknown) {
    return this.request('PUT', path, body ?? {});
  }

  delete(path: string, body?: unknown) {
    return this.request('DELETE', path, body);
  }
}

/** fetch cannot set Host (a forbidden header); node:http can, for the `{subdomain}.localhost` tests. */
function withHost(url: string, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method, headers: init.headers as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
      });
    });
    request.on('error', reject);
    request.end(typeof init.body === 'string' ? init.body : undefined);
  });
}

/** The id of the demo center's menu named `name` (demo/demo-center.ts). */
export function demoMenuId(tenant: Pick<DemoTenant, 'demo'>, name: string): number {
  const menu = tenant.demo.menus.find((m) => m.name === name);
  if (!menu) throw new Error(`the demo center has no menu ${name}`);
  return menu.id;
}

/**
 * The setup most route tests share: a database of their own, the service,
 * optionally the worker, and two workspaces (Acme, whose client is given, and
 * Globex, for cross-tenant checks).
 */
export async function twoCenters(options: { worker?: boolean } = {}) {
  const database = await createTestDatabase();
  const server = await startContactCenter(database.db);
  if (options.worker) await startContactCenterWorker(database);
  const acme = await demoTenant(database.db, 'Acme');
  const globex = await demoTenant(database.db, 'Globex');
  return { database, server, acme, globex, client: AppsApiClient.of(server, acme) };
}
