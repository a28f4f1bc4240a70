/**
 * Bulk user jobs (seed 003, "Bulk User Management"): an upload stores the
 * file and enqueues its scheme check in one transaction; the check makes
 * the job valid_scheme or invalid_scheme; proceed enqueues the processing,
 * which moves it to in_progress and, row by row, to finished. Until it
 * proceeds, a job's file may be replaced (PUT), which checks it again.
 *
 * Processing goes in batches of rows, each batch one transaction that also
 * records how far the job got, and each row within it a savepoint: a row
 * that cannot be applied is rolled back alone and recorded, and a job whose
 * worker dies goes on, when retried, from the first row not yet recorded.
 * A center's jobs are processed one at a time (one queue per center).
 */
import type { Task } from 'graphile-worker';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { CcDb } from '../db/cc-database.ts';
import { applyRow, byEmail, loadDirectory, RowFailure } from './bulk-user-apply.ts';
import { BulkUserErrors } from './bulk-user-errors.ts';
import { checkFile, checkRow, readBulkFile } from './bulk-user-rows.ts';
import type { SchemeError, UpdateError } from './bulk-user-tables.ts';

export const VALIDATE_TASK = 'contact-center:bulk-users-validate';
export const PROCESS_TASK = 'contact-center:bulk-users-process';
/** Errors a job keeps of each kind; a file with more is reported by its first ones. */
export const MAX_LOGGED_ERRORS = 1000;
const BATCH_ROWS = 100;

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'contact-center:bulk-users-validate': { tenantId: string; id: string };
      'contact-center:bulk-users-process': { tenantId: string; id: string };
    }
  }
}

export interface BulkFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

/** The upload's name as text PostgreSQL stores: no NUL, no half of a surrogate pair. */
const storedName = (name: string) => name.replaceAll('\u0000', '').slice(0, 255).toWellFormed();

/** A PostgreSQL data exception or integrity violation (SQLSTATE classes 22 and 23): the row's values, not the job, are at fault. */
const isDataError = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && /^2[23]/.test((error as { code: string }).code);

const validateKey = (tenantId: string, id: string) => `cc:bulk-users-validate:${tenantId}:${id}`;

function lockedJob(trx: CcDb, tenantId: string, id: string) {
  return trx.selectFrom('cc_bulk_user_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function submitBulkFile(db: CcDb, tenantId: string, file: BulkFile): Promise<string> {
  readBulkFile(file.bytes);
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .insertInto('cc_bulk_user_jobs')
      .values({ tenant_id: tenantId, filename: storedName(file.filename) || 'users.json', content: file.bytes })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(trx, VALIDATE_TASK, { tenantId, id: job.id }, { jobKey: validateKey(tenantId, job.id), maxAttempts: 3 });
    return job.id;
  });
}

/** `PUT /bulk/users/upload`: a new file for a job that has not proceeded; it is checked again from the start. */
export async function replaceBulkFile(db: CcDb, tenantId: string, id: string, file: BulkFile): Promise<void> {
  readBulkFile(file.bytes);
  await db.transaction().execute(async (trx) => {
    const job = await lockedJob(trx, tenantId, id);
    if (!job) throw ContactCenterErrors.CC_NOT_FOUND();
    if (job.process_requested_at !== null) throw BulkUserErrors.CC_BULK_USERS_PROCEEDED([job.status]);
    await trx
      .updateTable('cc_bulk_user_jobs')
      .set({ status: 'created', filename: storedName(file.filename) || job.filename, content: file.bytes, total_rows: 0, scheme_errors: '[]' })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    await enqueue(trx, VALIDATE_TASK, { tenantId, id }, { jobKey: validateKey(tenantId, id), maxAttempts: 3 });
  });
}

/** `POST /bulk/users/proceed`: only a valid_scheme job, once; it stays valid_scheme until the worker takes it. */
export async function proceedBulkJob(db: CcDb, tenantId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const job = await lockedJob(trx, tenantId, id);
    if (!job) throw ContactCenterErrors.CC_NOT_FOUND();
    if (job.process_requested_at !== null) throw BulkUserErrors.CC_BULK_USERS_PROCEEDED([job.status]);
    if (job.status !== 'valid_scheme') throw BulkUserErrors.CC_BULK_USERS_NOT_VALID([job.status]);
    await trx.updateTable('cc_bulk_user_jobs').set({ process_requested_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await enqueue(trx, PROCESS_TASK, { tenantId, id }, { queue: `cc:bulk-users:${tenantId}`, maxAttempts: 5 });
  });
}

export function validateTask(db: CcDb): Task<'contact-center:bulk-users-validate'> {
  return async ({ tenantId, id }) => {
    await db.transaction().execute(async (trx) => {
      const job = await lockedJob(trx, tenantId, id);
      if (!job || job.status !== 'created' || job.content === null) return;
      const records = readBulkFile(job.content);
      const { errors } = checkFile(records, await loadDirectory(trx, tenantId));
      await trx
        .updateTable('cc_bulk_user_jobs')
        .set({ status: errors.length === 0 ? 'valid_scheme' : 'invalid_scheme', total_rows: records.length, scheme_errors: JSON.stringify(errors.slice(0, MAX_LOGGED_ERRORS)) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    });
  };
}

export function processTask(db: CcDb): Task<'contact-center:bulk-users-process'> {
  return async ({ tenantId, id }) => {
    const started = await db.transaction().execute(async (trx) => {
      const job = await lockedJob(trx, tenantId, id);
      if (!job || job.content === null || job.process_requested_at === null) return undefined;
      if (job.status === 'valid_scheme') await trx.updateTable('cc_bulk_user_jobs').set({ status: 'in_progress' }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      else if (job.status !== 'in_progress') return undefined;
      return { records: readBulkFile(job.content), from: job.processed_rows };
    });
    if (!started) return;
    for (let start = started.from; start < started.records.length; start += BATCH_ROWS) {
      if (!(await processBatch(db, tenantId, id, started.records, start))) return;
    }
    await db
      .updateTable('cc_bulk_user_jobs')
      .set({ status: 'finished', content: null, finished_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('status', '=', 'in_progress')
      .execute();
  };
}

/** Rows `start` to `start + BATCH_ROWS` in one transaction; false when another run has already recorded them. */
async function processBatch(db: CcDb, tenantId: string, id: string, records: readonly unknown[], start: number): Promise<boolean> {
  const trx = await db.startTransaction().execute();
  try {
    const job = await lockedJob(trx, tenantId, id);
    if (!job || job.status !== 'in_progress' || job.processed_rows !== start) {
      await trx.rollback().execute();
      return false;
    }
    const directory = await loadDirectory(trx, tenantId);
    const failures: UpdateError[] = [];
    let affected = 0;
    const end = Math.min(start + BATCH_ROWS, records.length);
    for (let index = start; index < end; index += 1) {
      const checked: SchemeError[] = [];
      const row = checkRow(records[index], index + 1, directory, checked);
      if (!row) {
        // The center's teams, locations or chat limit changed since the scheme check.
        const error_type = await errorTypeOf(trx, tenantId, records[index]);
        failures.push(...checked.map((error) => ({ ...error, error_type })));
        continue;
      }
      const savepoint = await trx.savepoint('bulk_row').execute();
      try {
        await applyRow(savepoint, tenantId, row);
        await savepoint.releaseSavepoint('bulk_row').execute();
        affected += 1;
      } catch (error) {
        if (!(error instanceof RowFailure) && !isDataError(error)) throw error;
        await savepoint.rollbackToSavepoint('bulk_row').execute();
        failures.push(error instanceof RowFailure
          ? error.entry
          : { message: `The row could not be stored: ${String((error as Error).message).slice(0, 200)}`, column: null, row: index + 1, error_type: await errorTypeOf(trx, tenantId, records[index]) });
      }
    }
    const logged = Math.max(0, MAX_LOGGED_ERRORS - job.update_errors.length);
    await trx
      .updateTable('cc_bulk_user_jobs')
      .set((eb) => ({
        processed_rows: end,
        affected_rows: eb('affected_rows', '+', affected),
        failed_rows: eb('failed_rows', '+', end - start - affected),
        update_errors: JSON.stringify([...job.update_errors, ...failures.slice(0, logged)]),
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
    await trx.commit().execute();
    return true;
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}

/** What a row that failed would have done: update the user its email names, or create one. */
async function errorTypeOf(trx: CcDb, tenantId: string, record: unknown): Promise<UpdateError['error_type']> {
  const email = (record as { email?: unknown }).email;
  return typeof email === 'string' && (await byEmail(trx, tenantId, email.trim()).executeTakeFirst()) ? 'update' : 'create';
}

type JobRow = {
  id: string;
  created_at: Date;
  process_requested_at: Date | null;
  filename: string;
  total_rows: number;
  affected_rows: number;
  failed_rows: number;
  status: string;
  scheme_errors: readonly SchemeError[];
  update_errors: readonly UpdateError[];
};

const VIEW_COLUMNS = ['id', 'created_at', 'process_requested_at', 'filename', 'total_rows', 'affected_rows', 'failed_rows', 'status', 'scheme_errors', 'update_errors'] as const;

/** The reference's job object. */
const jobView = (job: JobRow) => ({
  id: Number(job.id),
  created_at: job.created_at.toISOString(),
  process_requested_at: job.process_requested_at?.toISOString() ?? null,
  filename: job.filename,
  total_rows: job.total_rows,
  affected_rows: job.affected_rows,
  failed_rows: job.failed_rows,
  status: job.status,
  scheme_errors: job.scheme_errors,
  update_errors: job.update_errors,
});

export async function findBulkJob(db: CcDb, tenantId: string, id: string) {
  const job = await db.selectFrom('cc_bulk_user_jobs').select(VIEW_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!job) throw ContactCenterErrors.CC_NOT_FOUND();
  return jobView(job);
}

/** Newest first. */
export async function listBulkJobs(db: CcDb, tenantId: string, page: { offset: number; perPage: number }) {
  const [rows, total] = await Promise.all([
    db.selectFrom('cc_bulk_user_jobs').select(VIEW_COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.perPage).execute(),
    db.selectFrom('cc_bulk_user_jobs').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
  ]);
  return { jobs: rows.map(jobView), total: Number(total.n) };
}
