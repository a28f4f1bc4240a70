/** Row types of forced-logout jobs (migration 0031). */
import type { ColumnType } from 'kysely';
import type { LogoutTargets } from './force-logout.ts';

export type AgentStatusTables = {
  cc_force_logout_jobs: {
    tenant_id: string;
    id: ColumnType<string, never, never>;
    status: ColumnType<'created' | 'finished', 'created' | 'finished' | undefined, 'created' | 'finished'>;
    // The ids and the address patterns as the request was read: the job matches what the request named.
    targets: ColumnType<LogoutTargets, string, string>;
    results: ColumnType<readonly Record<string, unknown>[] | null, string | null | undefined, string | null>;
    created_at: ColumnType<Date, Date | string | undefined, never>;
    finished_at: Date | null;
  };
};

export const AGENT_STATUS_COLUMNS: { readonly [T in keyof AgentStatusTables]: readonly (keyof AgentStatusTables[T])[] } = {
  cc_force_logout_jobs: ['tenant_id', 'id', 'status', 'targets', 'results', 'created_at', 'finished_at'],
};
