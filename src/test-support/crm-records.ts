/**
 * Rows of the hub's data tables written straight with SQL, for tests that
 * need CRM records and conversations before (or without) the importer and
 * the pipeline: only the columns a test names, and what the tables
 * require (`updated`, a conversation's type and status, `created_at`).
 */
import type { Kysely } from 'kysely';
import type { Db } from '../platform/db/database.ts';

type Row = Record<string, unknown>;

export interface ParticipantInput extends Row {
  readonly id: string;
  readonly role: 'customer' | 'internal' | 'agent' | 'bot';
}

export interface ConversationInput extends Row {
  readonly id: string;
  readonly participants?: readonly ParticipantInput[];
  /** One fragment per entry, by participant id, with an insight on it. */
  readonly insightsBy?: readonly string[];
}

export function crmRecords(db: Db, tenantId: string) {
  const data = db as unknown as Kysely<any>;
  const insert = async (table: string, rows: readonly Row[]) => {
    if (rows.length > 0) await data.insertInto(table).values(rows.map((row) => ({ tenant_id: tenantId, ...row }))).execute();
  };
  const crm = (table: string) => (...rows: Row[]) => insert(table, rows.map((row) => ({ updated: new Date('2026-01-01T00:00:00Z'), ...row })));
  return {
    accounts: crm('accounts'),
    contacts: crm('contacts'),
    owners: crm('owners'),
    opportunities: crm('opportunities'),
    async conversation({ participants = [], insightsBy = [], ...conversation }: ConversationInput): Promise<void> {
      await insert('conversations', [{ type: 'call', status: 'processing', created_at: new Date('2026-03-01T09:00:00Z'), ...conversation }]);
      await insert('participants', participants.map((p) => ({ conversation_id: conversation.id, ...p })));
      await insert('fragments', insightsBy.map((participant, k) => ({ id: `${conversation.id}-f${k}`, conversation_id: conversation.id, participant_id: participant, position: k, text: `said by ${participant}` })));
      await insert('insights', insightsBy.map((_, k) => ({
        id: `${conversation.id}-i${k}`, conversation_id: conversation.id, fragment_id: `${conversation.id}-f${k}`, type: 'feature_request', text: 'We need SSO', created_at: new Date(),
      })));
    },
  };
}
