/**
 * A job's staging table: the accepted CSV as rows, `line` (the physical
 * line a record starts on, its order and its `error_line`) then `c1…cN`
 * (the file's columns, as text). It is filled by COPY in the transaction
 * that accepts the upload, so it is as durable as the job row, and dropped
 * when the job ends (finishImportJob).
 */
import { sql, type RawBuilder } from 'kysely';

export const STAGING_SCHEMA = 'importer_staging';

export function stagingTableName(jobId: string): string {
  return `${STAGING_SCHEMA}.job_${jobId.replace(/-/g, '')}`;
}

export function stagingTable(jobId: string): RawBuilder<unknown> {
  return sql.table(stagingTableName(jobId));
}

export function stagingColumns(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${i + 1}`);
}

/** DDL of the staging table for a file of `count` columns; no index, so that COPY runs at full speed while the client waits. */
export function createStagingTable(jobId: string, count: number): string {
  return `create table ${stagingTableName(jobId)} (line bigint not null, ${stagingColumns(count).map((c) => `${c} text`).join(', ')})`;
}

/** The job's first step: the index its batches read by (a sort of rows already in order), and statistics for the planner. */
export function prepareStagingTable(jobId: string): RawBuilder<unknown>[] {
  return [sql`create index on ${stagingTable(jobId)} (line)`, sql`analyze ${stagingTable(jobId)}`];
}
