/**
 * The background task that applies import jobs (docs/importer.md).
 *
 * - **Order.** Every accepted upload enqueues one `importer:apply` job on the
 *   graphile-worker queue of its tenant and type, which runs one job at a
 *   time. A run applies the oldest unfinished import job of that tenant and
 *   type (not necessarily the one that enqueued it), so even a run retried
 *   after a failure cannot overtake an earlier upload.
 * - **Atomicity.** A job is one transaction: the records, their importer
 *   marks, the final status and the end of the staging table commit
 *   together (finishImportJob), or nothing does. A failed job changes no
 *   record.
 * - **Crashes.** A crashed run leaves its job `processing` with nothing
 *   applied; graphile-worker runs it again (WorkerLiveness unlocks it) and
 *   the job starts over. A run that finds its job already finished does
 *   nothing, and an advisory lock keeps two runs of one tenant and type
 *   from overlapping, so a job is never applied twice.
 * - **Progress.** `processed` is committed on a separate connection after
 *   every batch of at most 10,000 records.
 * - **Shutdown.** When graphile-worker aborts its jobs (a worker stopping),
 *   the job stops between batches, rolls back and is retried.
 * - **What follows.** `afterApply` runs in the job's transaction once its
 *   records are applied, so work that follows from them (CRM matching's
 *   rematch, wired in src/services.ts) commits with them or not at all. It
 *   is a hook rather than an import because the importer sits beside the
 *   contexts that react (docs/architecture.md, "Dependencies between
 *   contexts").
 */
import type { Task } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { importColumns } from './import-columns.ts';
import { finishImportJob, markProcessing, nextUnfinishedJob, reportProgress, type ImportJob } from './import-jobs.ts';
import { nextBatch, deleteStatements, upsertStatements, type JobStatements } from './import-statements.ts';
import { recordType, type RecordType } from './record-types.ts';
import { prepareStagingTable } from './staging-table.ts';

export const IMPORT_TASK = 'importer:apply';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'importer:apply': { tenant: string; type: RecordType; job: string };
    }
  }
}

/** The graphile-worker queue of a tenant and type: its jobs run one at a time, in the order they were enqueued. */
export function importQueue(tenantId: string, type: RecordType): string {
  return `importer:${tenantId}:${type}`;
}

const BATCH_SIZE = 10_000;

export interface ImportHooks {
  /** In the job's transaction, after its records are applied: `set` is the OData entity set they belong to. */
  readonly afterApply?: (trx: Kysely<Database>, applied: { readonly tenantId: string; readonly set: string }) => Promise<void>;
}

/** A record that breaks a data-type rule: fails the job. */
class RowError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

// PostgreSQL errors caused by the data (classes 22 data exception, 23 integrity, 54 program limit): the job fails, nothing is retried.
const isDataError = (error: unknown) => /^(22|23|54)/.test(String((error as { code?: unknown }).code ?? ''));

function statementsOf(job: ImportJob): JobStatements {
  const definition = recordType(job.type);
  return job.action === 'upsert' ? upsertStatements(job.id, definition, importColumns(definition, job.columns)) : deleteStatements(job.id, definition);
}

function describeFailure(statements: JobStatements, failed: number, value: string | null): string {
  const column = statements.checks[failed];
  if (!column) return 'the additional fields of this record are too large together';
  if (column.kind === 'id' && value === null) return 'the id is empty';
  return `column ${column.name}: ${JSON.stringify(value)} is not ${column.rule.expected}`;
}

async function applyJob(db: Db, job: ImportJob, signal: AbortSignal, hooks: ImportHooks): Promise<void> {
  const statements = statementsOf(job);
  let processed = 0;
  try {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`importer:apply:${job.tenantId}:${job.type}`}, 0))`.execute(trx);
      const current = await trx.selectFrom('import_jobs').select('status').where('tenant_id', '=', job.tenantId).where('id', '=', job.id).executeTakeFirst();
      if (current?.status !== 'pending' && current?.status !== 'processing') return;
      // Date-times without an offset are UTC (data-type rules).
      await sql`set local timezone = 'UTC'`.execute(trx);
      for (const statement of prepareStagingTable(job.id)) await statement.execute(trx);
      for (const statement of statements.prepare) await statement.execute(trx);
      let lo = 0;
      for (;;) {
        // A stopping worker abandons the job between batches: it rolls back and runs again from the start.
        signal.throwIfAborted();
        const { hi, records } = (await nextBatch(job.id, lo, BATCH_SIZE).execute(trx)).rows[0]!;
        if (hi === null) break;
        const end = Number(hi);
        const invalid = (await statements.firstInvalid(lo, end).execute(trx)).rows[0];
        if (invalid) throw new RowError(Number(invalid.line), describeFailure(statements, invalid.failed, invalid.value));
        await statements.apply(job.tenantId, lo, end).execute(trx);
        processed += Number(records);
        lo = end;
        await reportProgress(db, job, processed);
      }
      for (const statement of statements.finish(job.tenantId)) await statement.execute(trx);
      await hooks.afterApply?.(trx, { tenantId: job.tenantId, set: recordType(job.type).set.name });
      await finishImportJob(trx, job, { status: 'completed', processed });
    });
  } catch (error) {
    if (error instanceof RowError) await db.transaction().execute((trx) => finishImportJob(trx, job, { status: 'failed', processed, error: error.message, errorLine: error.line }));
    else if (isDataError(error)) {
      await db.transaction().execute((trx) => finishImportJob(trx, job, { status: 'failed', processed, error: `the records could not be stored: ${(error as Error).message}`, errorLine: null }));
    } else throw error;
  }
}

export function importTask(db: Db, hooks: ImportHooks = {}): Task<'importer:apply'> {
  return async (payload, helpers) => {
    const job = await nextUnfinishedJob(db, payload.tenant, payload.type);
    if (!job) return;
    await markProcessing(db, job);
    await applyJob(db, job, helpers.abortSignal, hooks);
  };
}
