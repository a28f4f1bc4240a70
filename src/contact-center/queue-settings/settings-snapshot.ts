/**
 * The center's queue settings as a document (settings-document.ts), with the
 * media's bytes when they are asked for: what an export, an auto-save and
 * the auto-save before an import or restore write. Only live menus are
 * exported: deleted ones and those under a deleted menu are left out, so the
 * document's tree is whole. Callers make the global contact list first
 * (ensureGlobalList), so every document carries it.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { ancestry, loadMenus } from '../directory/menus.ts';
import { DOCUMENT_FORMAT, type DocumentMenu, type MediaFileRef, type SettingsDocument } from './settings-document.ts';
import { mediaPath, type MediaFolder } from './settings-archive.ts';
import type { MenuFileKind } from './queue-settings-tables.ts';

export interface MediaFlags {
  readonly audio: boolean;
  readonly attached: boolean;
}

export interface Snapshot {
  readonly document: SettingsDocument;
  /** ZIP path → bytes, for the kinds the flags asked for. */
  readonly media: Map<string, Buffer>;
}

export const FOLDERS: Readonly<Record<MenuFileKind, MediaFolder>> = { audio: 'audio', attachment: 'attachments' };

export async function snapshotSettings(db: CcDb, tenantId: string, flags: MediaFlags): Promise<Snapshot> {
  const tree = await loadMenus(db, tenantId);
  const live = [...tree.byId.values()].filter((menu) => ancestry(tree, menu).every((row) => !row.deleted));
  const liveIds = live.map((menu) => menu.id);
  const none = ['0'];
  const agents = await db
    .selectFrom('cc_menu_agents as m')
    .innerJoin('cc_agents as a', (join) => join.onRef('a.tenant_id', '=', 'm.tenant_id').onRef('a.id', '=', 'm.agent_id'))
    .select(['m.menu_id', 'a.email'])
    .where('m.tenant_id', '=', tenantId)
    // A deactivated agent takes no work, and an import names active agents only.
    .where('a.deactivated_at', 'is', null)
    .orderBy('a.email')
    .execute();
  const teams = await db
    .selectFrom('cc_menu_teams as m')
    .innerJoin('cc_teams as t', (join) => join.onRef('t.tenant_id', '=', 'm.tenant_id').onRef('t.id', '=', 'm.team_id'))
    .select(['m.menu_id', 't.name'])
    .where('m.tenant_id', '=', tenantId)
    .orderBy('t.name')
    .execute();
  const wanted: MenuFileKind[] = [...(flags.audio ? (['audio'] as const) : []), ...(flags.attached ? (['attachment'] as const) : [])];
  const files = await db
    .selectFrom('cc_menu_files')
    .select(['menu_id', 'kind', 'name', 'content_type', sql<number>`octet_length(bytes)`.as('size')])
    .select(wanted.length === 0 ? sql<Buffer | null>`null`.as('bytes') : sql<Buffer | null>`case when kind = any(${wanted}) then bytes end`.as('bytes'))
    .where('tenant_id', '=', tenantId)
    .where('menu_id', 'in', liveIds.length ? liveIds : none)
    .orderBy('name')
    .execute();
  const media = new Map<string, Buffer>();
  // Grouped once: a center may have a thousand menus and tens of thousands of contacts.
  const agentsOf = Map.groupBy(agents, (a) => a.menu_id);
  const teamsOf = Map.groupBy(teams, (t) => t.menu_id);
  const filesOf = Map.groupBy(files, (f) => `${f.kind}:${f.menu_id}`);
  const refs = (menuId: string, kind: MenuFileKind): MediaFileRef[] =>
    (filesOf.get(`${kind}:${menuId}`) ?? [])
      .map((f) => {
        if (f.bytes) media.set(mediaPath(FOLDERS[kind], menuId, f.name), f.bytes);
        return { name: f.name, content_type: f.content_type, size: Number(f.size) };
      });
  const menus: DocumentMenu[] = live.map((row) => ({
    id: Number(row.id),
    parent_id: row.parent_id === null ? null : Number(row.parent_id),
    name: row.name,
    position: row.position,
    menu_type: row.menu_type,
    hidden: row.hidden,
    output_msg: row.output_msg,
    languages: row.languages,
    hours: row.hours as DocumentMenu['hours'],
    after_hours_deflection: row.after_hours_deflection,
    overcapacity_limit: row.overcapacity_limit,
    overcapacity_deflection: row.overcapacity_deflection,
    manual_redirection: row.manual_redirection,
    outbound_numbers: row.outbound_numbers,
    agent_assignments: (agentsOf.get(row.id) ?? []).map((a) => a.email),
    team_assignments: (teamsOf.get(row.id) ?? []).map((t) => t.name),
    audio_files: refs(row.id, 'audio'),
    attached_files: refs(row.id, 'attachment'),
  }));
  const shortcuts = await db
    .selectFrom('cc_chat_shortcuts')
    .select(['menu_id', 'lang', 'title', 'text'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('menu_id', 'is', null), eb('menu_id', 'in', liveIds.length ? liveIds : none)]))
    .orderBy('id')
    .execute();
  const lists = await db.selectFrom('cc_contact_lists').select(['id', 'name', 'kind']).where('tenant_id', '=', tenantId).orderBy(sql`kind = 'global'`, 'desc').orderBy('id').execute();
  const contacts = await db.selectFrom('cc_contacts').select(['contact_list_id', 'name', 'phone_number', 'email']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const contactsOf = Map.groupBy(contacts, (c) => c.contact_list_id);
  const document: SettingsDocument = {
    format: DOCUMENT_FORMAT,
    version: 1,
    exported_at: new Date().toISOString(),
    includes: { audio_files: flags.audio, attached_files: flags.attached },
    menus,
    chat_shortcuts: shortcuts.map((s) => ({ menu_id: s.menu_id === null ? null : Number(s.menu_id), lang: s.lang, title: s.title, text: s.text })),
    contact_lists: lists.map((list) => ({
      name: list.name,
      type: list.kind,
      contacts: (contactsOf.get(list.id) ?? []).map((c) => ({ name: c.name, phone_number: c.phone_number, email: c.email })),
    })),
  };
  return { document, media };
}
