/**
 * Import jobs: the row behind `GET /import/job/{id}` (docs/importer.md, "Jobs": status pending → processing → completed | failed, processed,
 * error, error_line and four timestamps, exactly as Four/Four's example; a conversation upload's job adds its `conversations`).
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database, ImportJobStatus } from '../../platform/db/schema.ts';
import { isUuid } from '../../platform/tenancy/tenancy.ts';
import type { RecordType } from './record-types.ts';
import { stagingTable } from './staging-table.ts';
import { publishEvent } from '../webhooks/publish-event.ts';
import { jobItems, type JobItem } from './conversation-jobs.ts';

export interface ImportJob {
  readonly tenantId: string;
  readonly id: string;
  readonly type: RecordType;
  readonly action: 'upsert' | 'delete';
  readonly columns: readonly string[];
  readonly status: ImportJobStatus;
}

export interface JobDocument {
  readonly status: ImportJobStatus;
  readonly processed: number;
  readonly error: string | null;
  readonly error_line: number | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  /** A conversation upload's conversations and what became of each (docs/importer.md "Conversations"). */
  readonly conversations?: readonly JobItem[];
}

/** Four/Four's timestamp form (docs/importer.md, "Jobs"): `2025-02-06T14:41:38+00:00` (UTC, whole seconds). */
function timestamp(date: Date): string;
function timestamp(date: Date | null): string | null;
function timestamp(date: Date | null): string | null {
  return date && `${date.toISOString().slice(0, 19)}+00:00`;
}

/** The job document of one tenant's job; undefined for a job of another tenant or none. */
export async function findJobDocument(db: Db, tenantId: string, id: string): Promise<JobDocument | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('import_jobs')
    .select(['type', 'status', 'processed', 'error', 'error_line', 'created_at', 'updated_at', 'started_at', 'completed_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    status: row.status,
    processed: Number(row.processed),
    error: row.error,
    error_line: row.error_line === null ? null : Number(row.error_line),
    created_at: timestamp(row.created_at),
    updated_at: timestamp(row.updated_at),
    started_at: timestamp(row.started_at),
    completed_at: timestamp(row.completed_at),
    ...(row.type === 'conversation' ? { conversations: await jobItems(db, tenantId, id) } : {}),
  };
}

/** The job that applies next for a tenant and type: the oldest accepted one not yet finished. */
export async function nextUnfinishedJob(db: Kysely<Database>, tenantId: string, type: RecordType): Promise<ImportJob | undefined> {
  const row = await db
    .selectFrom('import_jobs')
    .select(['tenant_id', 'id', 'action', 'columns', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('type', '=', type)
    .where('status', 'in', ['pending', 'processing'])
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row && { tenantId: row.tenant_id, id: row.id, type, action: row.action, columns: row.columns, status: row.status };
}

export async function markProcessing(db: Db, job: ImportJob): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ status: 'processing', started_at: sql<Date>`coalesce(started_at, now())`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .execute();
}

/** Progress, committed on its own so that readers see it while the job's transaction runs. */
export async function reportProgress(db: Db, job: ImportJob, processed: number): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ processed, updated_at: sql<Date>`clock_timestamp()` })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .execute();
}

export type JobOutcome =
  | { readonly status: 'completed'; readonly processed: number }
  | { readonly status: 'failed'; readonly processed: number; readonly error: string; readonly errorLine: number | null };

/**
 * The job's final status change, and the end of its staging table. `trx` is
 * the transaction that applied the records (completed), or one of its own
 * after that transaction rolled back (failed): either way the status and
 * the records change together, and so does the webhook event announcing
 * the end (import_job_completed / import_job_failed, docs/webhooks.md).
 */
export async function finishImportJob(trx: Kysely<Database>, job: ImportJob, outcome: JobOutcome): Promise<void> {
  await trx
    .updateTable('import_jobs')
    .set({
      status: outcome.status,
      processed: outcome.processed,
      error: outcome.status === 'failed' ? outcome.error : null,
      error_line: outcome.status === 'failed' ? outcome.errorLine : null,
      updated_at: sql<Date>`clock_timestamp()`,
      completed_at: sql<Date>`clock_timestamp()`,
    })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .execute();
  await sql`drop table if exists ${stagingTable(job.id)}`.execute(trx);
  await publishEvent(trx, job.tenantId, outcome.status === 'completed' ? 'import_job_completed' : 'import_job_failed', {
    job: job.id,
    type: job.type,
    processed: outcome.processed,
    error: outcome.status === 'failed' ? outcome.error : null,
    error_line: outcome.status === 'failed' ? outcome.errorLine : null,
  });
}
