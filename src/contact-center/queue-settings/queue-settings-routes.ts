/**
 * `/queue_settings` (seed 003, "Export - Import Queues Settings"; the paths
 * are inferred, docs/contact-center.md): export, version histories and their
 * downloads, import, auto-save and restore.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, optionalId, pathId } from '../http/inputs.ts';
import { readPage, sendPageHeaders } from '../http/page-query.ts';
import { importSettings, restoreSettings, saveVersion } from './queue-settings.ts';
import { QueueSettingsErrors } from './queue-settings-errors.ts';
import { readSettingsUpload, readUploadBody } from './settings-upload.ts';
import { findVersion, listVersions, versionContent, type StoredArchive } from './version-histories.ts';

/** A required boolean flag, from a query string ("true"/"false") or a JSON body. */
function flag(source: Record<string, unknown>, name: string): boolean {
  const value = source[name];
  if (value === undefined || value === null || value === '') throw QueueSettingsErrors.CC_QUEUE_PARAM_MISSING([name]);
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw QueueSettingsErrors.CC_QUEUE_PARAM_INVALID([`${name} must be true or false`]);
}

function email(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) throw QueueSettingsErrors.CC_QUEUE_PARAM_MISSING(['email']);
  if (typeof value !== 'string' || value.length > 320) throw QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['email must be a string of at most 320 characters']);
  return value.trim();
}

function sendArchive(reply: FastifyReply, archive: StoredArchive, name: string) {
  return reply.type(archive.contentType).header('content-disposition', `attachment; filename="${name}"`).send(archive.content);
}

export const queueSettingsRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  // The import's body is read by the route within its own limit (settings-upload.ts), not the service's.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));

  // No HEAD twin: every export records a version, which a HEAD must not.
  app.get<{ Querystring: Record<string, unknown> }>('/queue_settings/export', { exposeHeadRoute: false }, async (request, reply) => {
    const flags = { audio: flag(request.query, 'export_audio_files'), attached: flag(request.query, 'export_attached_files') };
    const { version, archive } = await saveVersion(db, centerOf(request).tenantId, 'export', flags);
    reply.header('x-version-history-id', String(version.id)).header('x-revision', version.revision);
    return sendArchive(reply, archive, version.file_name);
  });

  app.post('/queue_settings/auto_save', { bodyLimit: 4 * 1024 }, async (request) => {
    const body = objectBody(request.body);
    const flags = { audio: flag(body, 'export_audio_files'), attached: flag(body, 'export_attached_files') };
    return (await saveVersion(db, centerOf(request).tenantId, 'auto_saved', flags)).version;
  });

  app.get<{ Querystring: Record<string, unknown> }>('/queue_settings/version_histories', async (request, reply) => {
    const page = readPage(request.query, { perPage: 25, maxPerPage: 100 });
    const { items, total } = await listVersions(db, centerOf(request).tenantId, page);
    sendPageHeaders(reply, page, total);
    return items;
  });

  app.get<{ Params: { id: string } }>('/queue_settings/version_histories/:id', async (request) => findVersion(db, centerOf(request).tenantId, { id: pathId(request.params.id) }));

  app.get<{ Params: { id: string } }>('/queue_settings/version_histories/:id/download', async (request, reply) => {
    const stored = await versionContent(db, centerOf(request).tenantId, pathId(request.params.id));
    return sendArchive(reply, stored, stored.fileName);
  });

  app.post('/queue_settings/import', async (request) => {
    if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
      throw QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['send the file as multipart/form-data, with the fields file and email']);
    }
    const stream = (request.body as Readable | undefined) ?? request.raw;
    const upload = await readSettingsUpload(request.headers, await readUploadBody(stream, request.headers['content-length']));
    if (!upload.file || upload.file.length === 0) throw QueueSettingsErrors.CC_QUEUE_PARAM_MISSING(['file']);
    return importSettings(db, centerOf(request).tenantId, email(upload.email), upload.file);
  });

  app.post('/queue_settings/restore', { bodyLimit: 4 * 1024 }, async (request) => {
    const body = objectBody(request.body);
    const user = email(body.email);
    const id = optionalId(body.id);
    if (id === false) throw QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['id must be a version history id']);
    const revision = body.revision === undefined || body.revision === null || body.revision === '' ? undefined : body.revision;
    if (revision !== undefined && typeof revision !== 'string') throw QueueSettingsErrors.CC_QUEUE_PARAM_INVALID(['revision must be a string']);
    return restoreSettings(db, centerOf(request).tenantId, user, { id, revision });
  });
};
