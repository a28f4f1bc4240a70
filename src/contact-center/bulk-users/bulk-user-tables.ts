/** Row types of bulk user jobs (migration 0032). */
import type { ColumnType } from 'kysely';

export const BULK_JOB_STATUSES = ['created', 'valid_scheme', 'invalid_scheme', 'in_progress', 'finished'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

/** Seed 003's scheme error log entry; `row` counts the file's user rows from 1, 0 for the file as a whole. */
export interface SchemeError {
  readonly message: string;
  readonly column: string | null;
  readonly row: number;
}

/** A row that passed the scheme check and could still not be applied; `error_type` is what it would have done. */
export interface UpdateError extends SchemeError {
  readonly error_type: 'create' | 'update';
}

type Counter = ColumnType<number, number | undefined, number>;

export type BulkUserTables = {
  cc_bulk_user_jobs: {
    tenant_id: string;
    id: ColumnType<string, never, never>;
    status: ColumnType<BulkJobStatus, BulkJobStatus | undefined, BulkJobStatus>;
    filename: string;
    content: Buffer | null;
    total_rows: Counter;
    processed_rows: Counter;
    affected_rows: Counter;
    failed_rows: Counter;
    scheme_errors: ColumnType<readonly SchemeError[], string | undefined, string>;
    update_errors: ColumnType<readonly UpdateError[], string | undefined, string>;
    created_at: ColumnType<Date, Date | string | undefined, never>;
    process_requested_at: Date | null;
    finished_at: Date | null;
  };
};

export const BULK_USER_COLUMNS: { readonly [T in keyof BulkUserTables]: readonly (keyof BulkUserTables[T])[] } = {
  cc_bulk_user_jobs: ['tenant_id', 'id', 'status', 'filename', 'content', 'total_rows', 'processed_rows', 'affected_rows', 'failed_rows', 'scheme_errors', 'update_errors', 'created_at', 'process_requested_at', 'finished_at'],
};
