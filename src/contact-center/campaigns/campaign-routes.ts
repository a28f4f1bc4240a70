/**
 * `/outbound_dialer/campaigns` (seed 003, "Campaign Endpoints"; paths in
 * ../shared/reference/contact-center-apps-api.md, those marked inferred
 * there documented in docs/contact-center.md): campaigns read, their
 * contacts listed, added, imported, updated and removed.
 */
import type { FastifyPluginAsync } from 'fastify';
import { readMultipartForm } from '../../platform/http/multipart-form.ts';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { ccDb } from '../db/cc-database.ts';
import { defaultRegion } from '../directory/phone-numbers.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, pathId } from '../http/inputs.ts';
import { CampaignErrors } from './campaign-errors.ts';
import { addContact, contactView, deleteContact, listContacts, readContact, updateContact } from './campaign-contacts.ts';
import { importView, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, submitImport } from './campaign-import.ts';
import { CONTACT_STATUSES, type ContactStatus } from './campaign-tables.ts';
import { campaignViews, findCampaign } from './campaigns.ts';

const BASE = '/outbound_dialer/campaigns';
export const MAX_PAGE_SIZE = 1000;

type CampaignParams = { Params: { campaign_id: string } };

function page(query: Record<string, unknown>): { offset: number; limit: number } {
  const number = (name: string, fallback: number, max: number) => {
    const value = query[name];
    if (value === undefined || value === '') return fallback;
    const parsed = typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    if (!(parsed >= 1 && parsed <= max)) throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID([`${name} must be an integer from 1 to ${max}`]);
    return parsed;
  };
  const per = number('per', 100, MAX_PAGE_SIZE);
  return { offset: (number('page', 1, 1_000_000) - 1) * per, limit: per };
}

export const campaignRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  const region = defaultRegion(context.config.phoneDefaultRegion);

  app.get<{ Querystring: Record<string, unknown> }>(BASE, async (request) => {
    const { tenantId } = centerOf(request);
    const { offset, limit } = page(request.query);
    const rows = await db.selectFrom('cc_campaigns').selectAll().where('tenant_id', '=', tenantId).orderBy('id').offset(offset).limit(limit).execute();
    return campaignViews(db, tenantId, rows);
  });

  app.get<CampaignParams>(`${BASE}/:campaign_id`, async (request) => {
    const { tenantId } = centerOf(request);
    const [view] = await campaignViews(db, tenantId, [await findCampaign(db, tenantId, pathId(request.params.campaign_id))]);
    return view;
  });

  app.get<CampaignParams & { Querystring: Record<string, unknown> }>(`${BASE}/:campaign_id/contacts`, async (request) => {
    const { tenantId } = centerOf(request);
    const campaign = await findCampaign(db, tenantId, pathId(request.params.campaign_id));
    const status = request.query.status;
    if (status !== undefined && !CONTACT_STATUSES.includes(status as ContactStatus)) {
      throw CampaignErrors.CC_CAMPAIGN_FIELD_INVALID([`status must be one of ${CONTACT_STATUSES.join(', ')}`]);
    }
    const rows = await listContacts(db, tenantId, campaign.id, { ...page(request.query), status: status as ContactStatus | undefined });
    return rows.map(contactView);
  });

  app.post<CampaignParams>(`${BASE}/:campaign_id/contacts`, { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const { tenantId } = centerOf(request);
    const campaignId = pathId(request.params.campaign_id);
    const contact = await addContact(db, tenantId, campaignId, readContact(objectBody(request.body), region, { requirePhone: true }));
    return reply.code(201).send(contactView(contact));
  });

  app.patch<CampaignParams>(`${BASE}/:campaign_id/contact`, { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    return contactView(await updateContact(db, tenantId, pathId(request.params.campaign_id), objectBody(request.body), region));
  });

  app.delete<CampaignParams>(`${BASE}/:campaign_id/contact`, { bodyLimit: 16 * 1024 }, async (request) => {
    const { tenantId } = centerOf(request);
    return contactView(await deleteContact(db, tenantId, pathId(request.params.campaign_id), objectBody(request.body), region));
  });

  // The file is at most MAX_IMPORT_BYTES; the form's framing comes on top.
  app.register(async (uploads) => {
    uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES + 64 * 1024 }, (_request, body, done) => done(null, body));
    uploads.post<CampaignParams>(`${BASE}/:campaign_id/contacts/import`, { bodyLimit: MAX_IMPORT_BYTES + 64 * 1024 }, async (request, reply) => {
      const { tenantId } = centerOf(request);
      const campaignId = pathId(request.params.campaign_id);
      if (!Buffer.isBuffer(request.body)) throw CampaignErrors.CC_CAMPAIGN_IMPORT_FILE([MAX_IMPORT_ROWS, 'send it as multipart/form-data in the field "file"']);
      const form = await readMultipartForm(request.headers, request.body);
      const file = form.files.find((f) => f.field === 'file');
      if (!file || file.bytes.length === 0) throw CampaignErrors.CC_CAMPAIGN_IMPORT_FILE([MAX_IMPORT_ROWS, 'the field "file" is missing or empty']);
      const id = await submitImport(db, tenantId, campaignId, file);
      const job = await importView(db, tenantId, campaignId, id);
      return reply.code(202).header('location', `/apps/api/v1${BASE}/${campaignId}/contacts/jobs/${id}`).send(job);
    });
  });

  app.get<{ Params: { campaign_id: string; job_id: string } }>(`${BASE}/:campaign_id/contacts/jobs/:job_id`, async (request) => {
    const { tenantId } = centerOf(request);
    const job = await importView(db, tenantId, pathId(request.params.campaign_id), pathId(request.params.job_id));
    if (!job) throw ContactCenterErrors.CC_NOT_FOUND();
    return job;
  });
};
