/**
 * Upload conversations (any member of a workspace): a file or pasted text
 * of conversations (JSON, NDJSON) or one transcript (WebVTT, SubRip, plain
 * text) with its metadata, sent as a multipart form and handed to the same
 * code as `POST /import/conversations` (processing's parseUpload, the
 * importer's submitConversations, the same upload slots and connection
 * budget); then the job's page, which shows each conversation's status and
 * its OData URL.
 *
 * The form is multipart because of the file input; its CSRF token travels
 * as a field, so the body is read (within the upload limit, under the
 * platform's body deadlines) before the token is checked. Bad input gets
 * the pages' HTML error page with the ingestion error's message.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../platform/http/html.ts';
import { submitConversations } from '../importer/conversation-jobs.ts';
import { findJobDocument } from '../importer/import-jobs.ts';
import { ImporterErrors } from '../importer/importer-errors.ts';
import { parseUpload, requireUploadFormat } from '../processing/ingestion/conversation-upload.ts';
import { INGESTION_LIMITS } from '../processing/ingestion/ingestion-limits.ts';
import { readUploadBody } from '../processing/ingestion/upload-body.ts';
import { ENTITY_SETS } from '../odata/model/registry.ts';
import { PARTICIPANT_ROLES } from '../processing/analyzer.ts';
import { formField } from '../../platform/http/form.ts';
import { readMultipartForm } from '../../platform/http/multipart-form.ts';
import type { Readable } from 'node:stream';
import type { PagesContext } from './pages-plugin.ts';
import { sendSettingsPage, settingsUser } from './settings-page.ts';

export const UPLOAD_PAGE = '/conversations/upload';

const FORMATS: readonly [string, string][] = [
  ['', 'From the file name (.json, .ndjson, .vtt, .srt, .txt)'],
  ['application/json', 'JSON (an array of conversations)'],
  ['application/x-ndjson', 'NDJSON (one conversation per line)'],
  ['text/vtt', 'WebVTT transcript'],
  ['application/x-subrip', 'SubRip transcript'],
  ['text/plain', 'Plain text transcript ("Speaker: text" lines)'],
];
const BY_EXTENSION: Readonly<Record<string, string>> = { json: 'application/json', ndjson: 'application/x-ndjson', jsonl: 'application/x-ndjson', vtt: 'text/vtt', srt: 'application/x-subrip', txt: 'text/plain' };
const TYPES = ENTITY_SETS.find((s) => s.name === 'Conversations')!.properties.find((p) => p.name === 'type')!.values!;
/** The transcript fields of the form, each a query parameter of POST /import/conversations; the role fields take one name per line. */
const METADATA = ['id', 'type', 'title', 'started_at', 'default_role'] as const;
const ROLE_FIELDS = ['customer', 'internal', 'agent'] as const;

function uploadForm(csrf: SafeHtml): SafeHtml {
  const options = (values: readonly (readonly [string, string])[]) => values.map(([value, label]) => html`<option value="${value}">${label}</option>`);
  return html`<form class="stack" method="post" action="${UPLOAD_PAGE}" enctype="multipart/form-data">${csrf}
<label for="upload-file">File</label><input id="upload-file" name="file" type="file" accept=".json,.ndjson,.jsonl,.vtt,.srt,.txt">
<label for="upload-text">Or paste it here</label><textarea id="upload-text" name="text" rows="10"></textarea>
<label for="upload-format">Format</label><select id="upload-format" name="format">${options(FORMATS)}</select>
<fieldset><legend>A transcript\u2019s details <span class="muted">(leave empty for JSON, which carries its own)</span></legend>
<label for="upload-id">Id in its source</label><input id="upload-id" name="id" type="text" maxlength="${INGESTION_LIMITS.idChars}">
<label for="upload-type">Type</label><select id="upload-type" name="type">${options([['', '—'], ...TYPES.map((t) => [t, t] as const)])}</select>
<label for="upload-title">Title</label><input id="upload-title" name="title" type="text" maxlength="${INGESTION_LIMITS.titleChars}">
<label for="upload-started">Started at <span class="muted">(such as 2026-01-05T10:00:00Z)</span></label><input id="upload-started" name="started_at" type="text">
<label for="upload-customer">Customers <span class="muted">(one per line: Name, or Name &lt;email&gt;)</span></label><textarea id="upload-customer" name="customer" rows="2"></textarea>
<label for="upload-internal">Your team <span class="muted">(one per line)</span></label><textarea id="upload-internal" name="internal" rows="2"></textarea>
<label for="upload-agent">Agents <span class="muted">(one per line)</span></label><textarea id="upload-agent" name="agent" rows="2"></textarea>
<label for="upload-default-role">Role of other speakers</label><select id="upload-default-role" name="default_role">${options([['', 'none: name every speaker above'], ...PARTICIPANT_ROLES.map((r) => [r, r] as const)])}</select>
</fieldset>
<button type="submit">Upload</button></form>`;
}

const time = (value: string | null) => (value ? value.replace('T', ' ').replace('+00:00', ' UTC') : '—');

export const uploadConversationsPage: FastifyPluginAsync<PagesContext> = async (app, { db, config, uploads }) => {
  // The multipart body is read by the route itself, from the platform's deadline-guarded stream.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));

  app.get(UPLOAD_PAGE, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const csrfToken = reply.generateCsrf();
    const body = html`<h1>Upload conversations</h1>
<p>Calls, meetings, chats or tickets of ${user.tenantName}: a JSON or NDJSON file of conversations, or one transcript (WebVTT, SubRip or
"Speaker: text" lines). Each is processed into fragments, insights and a summary. <a href="/docs/importer.md#conversations">Formats and limits</a>.</p>
${uploadForm(html`<input type="hidden" name="_csrf" value="${csrfToken}">`)}`;
    return sendSettingsPage(reply, user, 'Upload conversations', body, csrfToken);
  });

  app.post(UPLOAD_PAGE, async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const slot = uploads.slots.acquire(user.tenantId);
    let job: string;
    try {
      const stream = (request.body as Readable | undefined) ?? request.raw;
      // The form's other fields and its framing come on top of the file.
      const bytes = await readUploadBody(stream, request.headers['content-length'], INGESTION_LIMITS.uploadBytes + 64 * 1024);
      const form = await readMultipartForm(request.headers, bytes);
      request.body = form.fields;
      await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (error?: unknown) => (error ? reject(error) : resolve())));
      const file = form.files.find((f) => f.field === 'file' && f.bytes.length > 0);
      const extension = file?.filename.split('.').pop()?.toLowerCase() ?? '';
      const format = requireUploadFormat(formField(form.fields, 'format') || (file ? BY_EXTENSION[extension] : 'application/json'));
      const params = new URLSearchParams();
      for (const name of METADATA) if (formField(form.fields, name).trim() !== '') params.append(name, formField(form.fields, name).trim());
      for (const role of ROLE_FIELDS) {
        for (const line of formField(form.fields, role).split(/\r?\n/)) if (line.trim() !== '') params.append(role, line.trim());
      }
      const content = file ? file.bytes : Buffer.from(formField(form.fields, 'text'));
      const conversations = parseUpload(format, content, params);
      job = await submitConversations(uploads.storage.connections, { tenantId: user.tenantId, userId: user.userId, conversations });
    } finally {
      slot.release();
    }
    return reply.redirect(`${UPLOAD_PAGE}/jobs/${job}`, 303);
  });

  app.get<{ Params: { job: string } }>(`${UPLOAD_PAGE}/jobs/:job`, async (request, reply) => {
    const user = await settingsUser(db, request, reply);
    if (!user) return;
    const document = await findJobDocument(db, user.tenantId, request.params.job);
    if (!document?.conversations) throw ImporterErrors.IMPORTER_JOB_NOT_FOUND([JSON.stringify(request.params.job)]);
    const rows = document.conversations.map(
      (c) => html`<tr><td>${c.item}</td><td><code>${c.service_id}</code></td><td>${c.status}${c.error ? html`<div class="error">${c.error}</div>` : html``}</td>
<td><a href="${config.publicUrl}/odata/Conversations('${c.id}')?$expand=Participants,Fragments,Insights"><code>/odata/Conversations('${c.id}')</code></a></td></tr>`,
    );
    const done = document.status === 'completed' || document.status === 'failed';
    const body = html`<p><a href="${UPLOAD_PAGE}">Upload conversations</a> › Job</p><h1>Upload job</h1>
<table><tr><th scope="row">Job</th><td><code>${request.params.job}</code></td></tr>
<tr><th scope="row">Status</th><td id="job-status">${document.status}</td></tr>
<tr><th scope="row">Processed</th><td>${document.processed} of ${document.conversations.length}</td></tr>
${document.error ? html`<tr><th scope="row">Error</th><td>${document.error}</td></tr>` : html``}
<tr><th scope="row">Accepted</th><td>${time(document.created_at)}</td></tr><tr><th scope="row">Finished</th><td>${time(document.completed_at)}</td></tr></table>
${done ? html`` : html`<p><a href="${UPLOAD_PAGE}/jobs/${request.params.job}">Refresh</a> <span class="muted">Processing usually takes seconds.</span></p>`}
<h2>Conversations</h2>
<p class="muted">Read them through the OData API with a token (<code>GET /import/job/${request.params.job}</code> gives this list too).</p>
<table><thead><tr><th scope="col">#</th><th scope="col">Id in its source</th><th scope="col">Status</th><th scope="col">OData</th></tr></thead><tbody>${rows}</tbody></table>`;
    return sendSettingsPage(reply, user, 'Upload job', body);
  });
};
