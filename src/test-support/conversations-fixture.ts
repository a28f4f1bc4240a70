/**
 * The conversation tests' world: the importer's (a hub, a workspace with an
 * `import` token) with a job worker running every real task (processing,
 * webhooks, importer), a read token for OData, and helpers to upload
 * conversations and wait for their job.
 */
import { createToken } from '../hub/identity/personal-access-tokens.ts';
import type { JobDocument } from '../hub/importer/import-jobs.ts';
import { importerFixture, type Reply } from './importer-fixture.ts';
import { odataClient } from './odata-client.ts';
import { startWebhookWorker } from './webhooks.ts';

export async function conversationsFixture(options: { env?: Record<string, string> } = {}) {
  const world = await importerFixture({ worker: false, env: options.env });
  await startWebhookWorker(world.database);
  const { db, acme, request, importer } = world;
  const readToken = (await createToken(db, { tenantId: acme.tenantId, userId: acme.userId, name: 'read', scopes: ['api:read'] })).token;

  function upload(body: string | Buffer, contentType: string, query = '', bearer = world.token): Promise<Reply> {
    return request('POST', `/import/conversations${query}`, body, { 'content-type': contentType }, bearer);
  }

  /** Uploads, expects the 202, and waits for the job to end. */
  async function uploadAndWait(body: string | Buffer, contentType: string, query = '', bearer = world.token): Promise<JobDocument & { job: string }> {
    const reply = await upload(body, contentType, query, bearer);
    if (reply.status !== 202) throw new Error(`upload: ${reply.status} ${reply.text}`);
    return { job: reply.json.job, ...(await importer.waitForJob(reply.json.job, bearer)) };
  }

  return { ...world, readToken, odata: odataClient(world.hub.url, readToken), upload, uploadAndWait };
}
