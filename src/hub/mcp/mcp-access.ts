/**
 * Whether a workspace allows the MCP server: on by default, turned off and
 * on by its admins (Settings > AI agents). Read on every /mcp request, so
 * that turning it off takes effect at once in every process.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export async function mcpEnabled(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('mcp_enabled').where('id', '=', tenantId).executeTakeFirst();
  return row?.mcp_enabled === true;
}

export async function setMcpEnabled(db: Kysely<Database>, tenantId: string, enabled: boolean): Promise<void> {
  await db.updateTable('tenants').set({ mcp_enabled: enabled }).where('id', '=', tenantId).execute();
}
