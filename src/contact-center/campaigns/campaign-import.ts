/**
 * Importing a file of campaign contacts (seed 003: `file`
 * "some/path/to/multi_contacts.json"): a JSON array of the add endpoint's
 * bodies, or a CSV with those names as its header. The upload stores the file
 * and enqueues the job in one transaction; the job reads every row, adds
 * those that are valid and reports the others by row number, so one bad row
 * never costs the rest. The file is dropped once read.
 */
import { parse } from 'csv-parse/sync';
import type { Task } from 'graphile-worker';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../platform/errors/app-error.ts';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import type { CcDb } from '../db/cc-database.ts';
import { CampaignErrors } from './campaign-errors.ts';
import { insertContacts, lockedCampaign, MAX_CONTACTS_PER_CAMPAIGN, readContact, type ContactInput } from './campaign-contacts.ts';

export const IMPORT_TASK = 'contact-center:campaign-import';
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'contact-center:campaign-import': { tenantId: string; id: string };
    }
  }
}

export interface ImportRowError {
  readonly row: number;
  readonly message: string;
}

/** The file's rows as records; a file that is neither form, or has too many rows, is refused at upload. */
export function readImportRows(format: 'json' | 'csv', bytes: Buffer): Record<string, unknown>[] {
  let rows: unknown;
  try {
    rows = format === 'json'
      ? JSON.parse(bytes.toString('utf8'))
      : parse(bytes, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true, max_record_size: 64 * 1024, to: MAX_IMPORT_ROWS + 1 });
  } catch (error) {
    throw CampaignErrors.CC_CAMPAIGN_IMPORT_FILE([MAX_IMPORT_ROWS, error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'unreadable']);
  }
  if (!Array.isArray(rows) || rows.length === 0) throw CampaignErrors.CC_CAMPAIGN_IMPORT_FILE([MAX_IMPORT_ROWS, 'no rows']);
  if (rows.length > MAX_IMPORT_ROWS) throw CampaignErrors.CC_CAMPAIGN_IMPORT_FILE([MAX_IMPORT_ROWS, `more than ${MAX_IMPORT_ROWS} rows`]);
  return rows.map((row) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : { phone_number: null }));
}

export async function submitImport(db: CcDb, tenantId: string, campaignId: string, file: { filename: string; bytes: Buffer }): Promise<string> {
  const format = /\.csv$/i.test(file.filename) ? 'csv' : 'json';
  readImportRows(format, file.bytes);
  return db.transaction().execute(async (trx) => {
    await lockedCampaign(trx, tenantId, campaignId);
    const job = await trx
      .insertInto('cc_campaign_imports')
      .values({ tenant_id: tenantId, campaign_id: campaignId, filename: file.filename.slice(0, 255) || 'contacts.json', format, content: file.bytes })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(trx, IMPORT_TASK, { tenantId, id: job.id }, { jobKey: `cc:campaign-import:${tenantId}:${job.id}`, maxAttempts: 3 });
    return job.id;
  });
}

export function importTask(db: CcDb, region: CountryCode): Task<'contact-center:campaign-import'> {
  return async ({ tenantId, id }) => {
    await db.transaction().execute(async (trx) => {
      const job = await trx.selectFrom('cc_campaign_imports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!job || job.status !== 'created' || job.content === null) return;
      await lockedCampaign(trx, tenantId, job.campaign_id);
      const rows = readImportRows(job.format, job.content);
      const errors: ImportRowError[] = [];
      const valid: ContactInput[] = [];
      const seen = new Set<string>();
      const existing = new Set(
        (await trx.selectFrom('cc_campaign_contacts').select('unique_id').where('tenant_id', '=', tenantId).where('campaign_id', '=', job.campaign_id).where('unique_id', 'is not', null).execute()).map((r) => r.unique_id!),
      );
      rows.forEach((record, index) => {
        // Row 1 is the first contact: the CSV header is not counted.
        const row = index + 1;
        try {
          const contact = readContact(record, region, { requirePhone: true });
          if (contact.unique_id && (existing.has(contact.unique_id) || seen.has(contact.unique_id))) throw CampaignErrors.CC_CAMPAIGN_DUPLICATE_UNIQUE_ID([contact.unique_id]);
          if (contact.unique_id) seen.add(contact.unique_id);
          valid.push(contact);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          errors.push({ row, message: error.message });
        }
      });
      let created = 0;
      try {
        created = (await insertContacts(trx, tenantId, job.campaign_id, valid)).length;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ row: 0, message: `${error.message}: no contact of this file was added (the campaign holds at most ${MAX_CONTACTS_PER_CAMPAIGN})` });
      }
      await trx
        .updateTable('cc_campaign_imports')
        .set({
          status: created === 0 && valid.length > 0 ? 'failed' : 'finished',
          total_rows: rows.length,
          created_rows: created,
          failed_rows: rows.length - created,
          errors: JSON.stringify(errors.slice(0, 1000)),
          content: null,
          finished_at: new Date(),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    });
  };
}

export async function importView(db: CcDb, tenantId: string, campaignId: string, id: string) {
  const job = await db
    .selectFrom('cc_campaign_imports')
    .select(['id', 'campaign_id', 'status', 'filename', 'total_rows', 'created_rows', 'failed_rows', 'errors', 'created_at', 'finished_at'])
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!job) return undefined;
  return {
    id: Number(job.id),
    campaign_id: Number(job.campaign_id),
    status: job.status,
    filename: job.filename,
    total_rows: job.total_rows,
    created_rows: job.created_rows,
    failed_rows: job.failed_rows,
    errors: job.errors,
    created_at: job.created_at.toISOString(),
    finished_at: job.finished_at?.toISOString() ?? null,
  };
}
