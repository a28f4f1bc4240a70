/** `db migrate`, `tenant create|list`, `user create|add-to-tenant`: JSON in, JSON out. */
import type { MembershipRole, TenantPlan } from '../../platform/db/schema.ts';
import { addUserToTenant, createTenant, createUser, listTenants, removeUserFromTenant } from '../../platform/tenancy/tenancy.ts';
import { requiredString, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';

export const dbMigrate: Command = {
  name: 'db migrate',
  summary: 'Apply pending database migrations (the server also does this at start).',
  options: {},
  run: (_options, config) => withDatabase(config, async (_db, migration) => ({ applied: migration.applied })),
};

export const tenantCreate: Command = {
  name: 'tenant create',
  summary: 'Create a workspace and its first admin user.',
  options: {
    name: { type: 'string', required: true, description: 'Workspace name, shown to users and OAuth clients.' },
    'admin-email': { type: 'string', required: true, description: 'Email of the admin user to create.' },
    'admin-password': { type: 'string', required: true, description: 'Password of the admin (at least 10 characters).' },
    'admin-name': { type: 'string', description: 'Display name of the admin (default: the email\'s local part).' },
    plan: { type: 'string', description: 'trial (default), sponsored or standard.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { tenantId, userId } = await createTenant(db, {
        name: requiredString(options, 'name'),
        plan: (options.plan as TenantPlan | undefined) ?? 'trial',
        admin: {
          email: requiredString(options, 'admin-email'),
          password: requiredString(options, 'admin-password'),
          name: options['admin-name'] as string | undefined,
        },
      });
      return { tenant_id: tenantId, user_id: userId };
    }),
};

export const tenantList: Command = {
  name: 'tenant list',
  summary: 'List workspaces.',
  options: {},
  run: (_options, config) =>
    withDatabase(config, async (db) =>
      (await listTenants(db)).map((t) => ({ tenant_id: t.id, name: t.name, plan: t.plan, created_at: t.created_at.toISOString() })),
    ),
};

export const userCreate: Command = {
  name: 'user create',
  summary: 'Create a user (add it to a workspace with `user add-to-tenant`).',
  options: {
    email: { type: 'string', required: true, description: 'Email, unique case-insensitively.' },
    password: { type: 'string', required: true, description: 'Password (at least 10 characters).' },
    name: { type: 'string', description: 'Display name.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { userId } = await createUser(db, {
        email: requiredString(options, 'email'),
        password: requiredString(options, 'password'),
        name: options.name as string | undefined,
      });
      return { user_id: userId };
    }),
};

export const userAddToTenant: Command = {
  name: 'user add-to-tenant',
  summary: 'Give an existing user a role in a workspace (or change the role).',
  options: {
    tenant: { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' },
    email: { type: 'string', required: true, description: 'Email of an existing user.' },
    role: { type: 'string', required: true, description: 'admin or member.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const result = await addUserToTenant(db, {
        tenantId: requiredString(options, 'tenant'),
        email: requiredString(options, 'email'),
        role: requiredString(options, 'role') as MembershipRole,
      });
      return { tenant_id: result.tenantId, user_id: result.userId, role: result.role };
    }),
};

export const userRemoveFromTenant: Command = {
  name: 'user remove-from-tenant',
  summary: 'Take a user out of a workspace; their tokens for it stop working at once.',
  options: {
    tenant: { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' },
    email: { type: 'string', required: true, description: 'Email of the member to remove.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { userId } = await removeUserFromTenant(db, { tenantId: requiredString(options, 'tenant'), email: requiredString(options, 'email') });
      return { tenant_id: requiredString(options, 'tenant'), user_id: userId, removed: true };
    }),
};
