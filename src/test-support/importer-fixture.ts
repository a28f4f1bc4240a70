/**
 * The importer tests' world: a test database, a hub on loopback (with `env`
 * on top of the defaults, and a spool directory of its own), a job worker
 * running the import task, a workspace with an `import` token, and helpers
 * to send requests and wait for jobs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Task } from 'graphile-worker';
import type { Kysely } from 'kysely';
import { createToken } from '../hub/identity/personal-access-tokens.ts';
import { createTestDatabase } from './test-database.ts';
import { startHub, workspace } from './hub.ts';
import { onCleanup } from './cleanup.ts';
import { waitFor } from './processes.ts';
import { openFilesUnder } from './open-files.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { startWorker } from '../platform/jobs/worker.ts';
import type { JobDocument } from '../hub/importer/import-jobs.ts';
import { IMPORT_TASK, importTask } from '../hub/importer/import-task.ts';
import { parseJsonOr } from './json.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

export async function importerFixture(options: { worker?: boolean; env?: Record<string, string> } = {}) {
  const database = await createTestDatabase();
  const { db } = database;
  const spoolDirectory = await mkdtemp(path.join(tmpdir(), 'ct-spool-'));
  onCleanup(() => rm(spoolDirectory, { recursive: true, force: true }));
  const hub = await startHub(db, { IMPORT_SPOOL_DIR: spoolDirectory, ...options.env });
  /** The sizes of the spool files of uploads in progress (open, though already deleted). */
  const spoolFiles = () => openFilesUnder(spoolDirectory);
  const spooling = () => spoolFiles().length;
  const worker = options.worker === false ? undefined : await startWorker(database, createLogger('silent'), { [IMPORT_TASK]: importTask(db) as Task }, { concurrency: 2, pollIntervalMs: 100 });
  if (worker) onCleanup(() => worker.stop());
  const acme = await workspace(db, 'Acme', 'ada@acme.test');
  const token = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'import', scopes: ['import'] })).token;

  async function request(method: string, path: string, body?: string | Buffer | ReadableStream, headers: Record<string, string> = {}, bearer: string | null = token): Promise<Reply> {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJsonOr(text, undefined) };
  }

  const csv = { 'content-type': 'text/csv' };

  const importer = {
    /** Polls the job until it ends. */
    async waitForJob(job: string, bearer = token): Promise<JobDocument> {
      return waitFor(
        async () => {
          const reply = await request('GET', `/import/job/${job}`, undefined, {}, bearer);
          return reply.json?.status === 'completed' || reply.json?.status === 'failed' ? (reply.json as JobDocument) : undefined;
        },
        60_000,
        () => `job ${job} did not end`,
      );
    },
    /** Uploads and waits: the final job document. */
    async run(type: string, body: string, method: 'PUT' | 'DELETE' = 'PUT', bearer = token): Promise<JobDocument & { job: string }> {
      const reply = await request(method, `/import/crm/${type}`, body, csv, bearer);
      if (reply.status !== 202) throw new Error(`${method} ${type}: ${reply.status} ${reply.text}`);
      const job = reply.json.job as string;
      return { job, ...(await importer.waitForJob(job, bearer)) };
    },
  };

  /** The hub's data tables, which the Kysely schema leaves to the OData registry. */
  const data = db as unknown as Kysely<any>;
  return { db, data, database, hub, worker, acme, token, request, importer, csv, spoolDirectory, spoolFiles, spooling };
}
