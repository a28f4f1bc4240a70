/**
 * Row types of the tables, as Kysely sees them. Each table is created by a
 * numbered migration in ../migrations/sql; `schema.test.ts` holds this file
 * and the migrated database to the same columns.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type TenantPlan = 'trial' | 'sponsored' | 'standard';
export type MembershipRole = 'admin' | 'member';

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  plan: ColumnType<TenantPlan, TenantPlan | undefined, TenantPlan>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  process: string;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
}
