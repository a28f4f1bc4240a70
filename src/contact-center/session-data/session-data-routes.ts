/**
 * The endpoints calls and chats share, served for each by the same plugin:
 * customer_flag (GET, PATCH, PUT), custom_data and the mid-session end_user
 * (seed 003; paths in ../shared/reference/contact-center-apps-api.md).
 * A kind names its table, which holds the columns of `SessionTable`; an id
 * of the other kind, or of another center, is 404 `Not Found`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql, type ColumnType } from 'kysely';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import { findCenter } from '../centers/centers.ts';
import { ccDb, type CcDb } from '../db/cc-database.ts';
import { readEndUser } from '../end-users/end-users-routes.ts';
import { upsertEndUser } from '../end-users/end-users.ts';
import { centerOf } from '../http/authenticate.ts';
import { pathId } from '../http/inputs.ts';
import { readCustomData } from './custom-data.ts';
import { customerFlagView, readCustomerFlagPatch } from './customer-flags.ts';
import { SessionDataErrors } from './session-data-errors.ts';

export interface SessionKind {
  readonly path: 'calls' | 'chats';
  readonly table: 'cc_calls' | 'cc_chats';
  readonly noun: 'Call' | 'Chat';
  /** Statuses after which the session is over: its end user can no longer change. */
  readonly endedStatuses: readonly string[];
}

/** The columns a kind's table must have (docs/contact-center.md, "Session data"). */
export interface SessionTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  status: string;
  customer_flags: ColumnType<Record<string, unknown>, string, string>;
  custom_data: ColumnType<Record<string, unknown>, string, string>;
  end_user_id: string | null;
  end_user_updated_at: Date | null;
  ticket_id: string | null;
  /** Moved by every change here, so a client syncing with `GET /calls?updated_since=` sees them. */
  updated_at: ColumnType<Date, never, Date>;
}

type SessionTables = Record<'cc_calls' | 'cc_chats', SessionTable>;

/** Seed 003: a repeated mid-session end_user for the same identifier within this interval is refused. */
export const END_USER_INTERVAL_SECONDS = 5;

export function sessionDataRoutes(kind: SessionKind): FastifyPluginAsync<ServiceContext> {
  return async (app, context) => {
    const db = ccDb(context.db);
    const sessions = db.withTables<SessionTables>();
    const table = kind.table as 'cc_calls';

    const locked = async (trx: CcDb, tenantId: string, id: string) => {
      const row = await trx
        .withTables<SessionTables>()
        .selectFrom(table)
        .select(['id', 'status', 'customer_flags', 'custom_data', 'end_user_id', 'end_user_updated_at', 'ticket_id'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
      return row;
    };

    app.get<{ Params: { id: string } }>(`/${kind.path}/:id/customer_flag`, async (request) => {
      const { tenantId } = centerOf(request);
      const row = await sessions.selectFrom(table).select('customer_flags').where('tenant_id', '=', tenantId).where('id', '=', pathId(request.params.id)).executeTakeFirst();
      if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
      return customerFlagView(row.customer_flags);
    });

    const setFlags = async (request: { params: { id: string }; body: unknown }, tenantId: string) => {
      const id = pathId(request.params.id);
      const patch = readCustomerFlagPatch(request.body);
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, tenantId, id);
        const flags = customerFlagView({ ...row.customer_flags, ...patch });
        await trx.withTables<SessionTables>().updateTable(table).set({ customer_flags: JSON.stringify(flags), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        return flags;
      });
    };
    for (const method of ['PATCH', 'PUT'] as const) {
      app.route<{ Params: { id: string } }>({
        method,
        url: `/${kind.path}/:id/customer_flag`,
        bodyLimit: 4 * 1024,
        handler: async (request) => setFlags(request, centerOf(request).tenantId),
      });
    }

    app.post<{ Params: { id: string } }>(`/${kind.path}/:id/custom_data`, { bodyLimit: 64 * 1024 }, async (request) => {
      const { tenantId } = centerOf(request);
      const id = pathId(request.params.id);
      const { companySecret } = await findCenter(db, tenantId);
      const data = await readCustomData(request.body, companySecret);
      return db.transaction().execute(async (trx) => {
        const row = await locked(trx, tenantId, id);
        const customData = { ...row.custom_data, ...data.fields };
        const flags = customerFlagView({ ...row.customer_flags, ...data.flags });
        await trx
          .withTables<SessionTables>()
          .updateTable(table)
          .set({ custom_data: JSON.stringify(customData), customer_flags: JSON.stringify(flags), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .execute();
        return { custom_data: customData, customer_flag: flags };
      });
    });

    // "Used to update the end_user associated with the current active ... session. Additionally, it also
    // updates the contact information linked to the CRM ticket." A phone already set is kept.
    app.post<{ Params: { id: string } }>(`/${kind.path}/:id/end_user`, { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const { tenantId } = centerOf(request);
      const id = pathId(request.params.id);
      const input = readEndUser(request.body);
      await db.transaction().execute(async (trx) => {
        const row = await locked(trx, tenantId, id);
        if (kind.endedStatuses.includes(row.status)) throw SessionDataErrors.CC_SESSION_ENDED([kind.noun]);
        if (row.end_user_id !== null && row.end_user_updated_at !== null && Date.now() - row.end_user_updated_at.getTime() < END_USER_INTERVAL_SECONDS * 1000) {
          const current = await trx.selectFrom('cc_end_users').select('identifier').where('tenant_id', '=', tenantId).where('id', '=', row.end_user_id).executeTakeFirst();
          if (current?.identifier === input.identifier) throw SessionDataErrors.CC_SESSION_DUPLICATE();
        }
        const endUser = await upsertEndUser(trx, tenantId, input, { overwritePhone: false });
        await trx.withTables<SessionTables>().updateTable(table).set({ end_user_id: endUser.id, end_user_updated_at: new Date(), updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        if (row.ticket_id !== null) {
          await trx
            .updateTable('cc_tickets')
            .set({
              end_user_id: endUser.id,
              name: sql`coalesce(${input.name ?? null}, name)`,
              email: sql`coalesce(${input.email ?? null}, email)`,
              phone: sql`coalesce(phone, ${input.phone ?? null})`,
            })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', row.ticket_id)
            .execute();
        }
      });
      return reply.code(202).send({ message: 'accepted' });
    });
  };
}
