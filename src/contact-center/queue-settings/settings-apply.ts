/**
 * Replaces a center's queue settings with a checked document, inside the
 * caller's transaction (an import or a restore: all of it or nothing).
 *
 * - Menus are upserted by id: a document menu whose id is one of this
 *   center's menus (live or deleted) updates it in place and revives it, so
 *   calls and chats that name the menu keep naming it; any other id (a new
 *   menu, or another center's export) creates a menu, and its children follow
 *   it. Menus the document leaves out are soft-deleted (`deleted`), never
 *   removed.
 * - Agents are named by email and teams by name; one the center does not
 *   have is a 400 before anything is written.
 * - Media of a kind the document `includes` are replaced by the ZIP's; a kind
 *   it does not include is left as it is.
 * - Chat shortcuts are replaced; contact lists are matched by name (the
 *   global list to the global list) and keep their ids, contacts are upserted
 *   by phone number and keep theirs; custom lists the document leaves out
 *   are deleted.
 */
import { sql } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { ensureGlobalList } from '../contact-lists/contact-lists.ts';
import { mediaPath } from './settings-archive.ts';
import { menusInTreeOrder, type SettingsDocument } from './settings-document.ts';
import { FOLDERS } from './settings-snapshot.ts';
import type { MenuFileKind } from './queue-settings-tables.ts';
import { QueueSettingsErrors } from './queue-settings-errors.ts';

export interface ApplySummary {
  readonly menus: { readonly created: number; readonly updated: number; readonly deleted: number };
  readonly agent_assignments: number;
  readonly team_assignments: number;
  readonly audio_files: number | 'kept';
  readonly attached_files: number | 'kept';
  readonly chat_shortcuts: number;
  readonly contact_lists: number;
  readonly contacts: number;
}

const invalid = (message: string) => QueueSettingsErrors.CC_QUEUE_SETTINGS_INVALID([message]);
const BATCH = 1000;

async function namedIds(trx: CcDb, tenantId: string, table: 'cc_agents' | 'cc_teams', column: 'email' | 'name', names: readonly string[]): Promise<Map<string, string>> {
  const lowered = [...new Set(names.map((n) => n.toLowerCase()))];
  if (lowered.length === 0) return new Map();
  let query = trx.selectFrom(table).select(['id', sql<string>`lower(${sql.ref(column)})`.as('key')]).where('tenant_id', '=', tenantId).where(sql`lower(${sql.ref(column)})`, '=', sql`any(${lowered}::text[])`);
  if (table === 'cc_agents') query = query.where(sql.ref('deactivated_at'), 'is', null);
  return new Map((await query.execute()).map((row) => [row.key, row.id]));
}

/** Checks the document's agents and teams against the center; nothing is written. */
export async function checkAgainstCenter(trx: CcDb, tenantId: string, document: SettingsDocument): Promise<{ agents: Map<string, string>; teams: Map<string, string> }> {
  const agents = await namedIds(trx, tenantId, 'cc_agents', 'email', document.menus.flatMap((m) => m.agent_assignments));
  const teams = await namedIds(trx, tenantId, 'cc_teams', 'name', document.menus.flatMap((m) => m.team_assignments));
  for (const [i, m] of document.menus.entries()) {
    const agent = m.agent_assignments.find((email) => !agents.has(email.toLowerCase()));
    if (agent !== undefined) throw invalid(`menus[${i}].agent_assignments: no active agent with email ${JSON.stringify(agent.slice(0, 320))} in this contact center`);
    const team = m.team_assignments.find((name) => !teams.has(name.toLowerCase()));
    if (team !== undefined) throw invalid(`menus[${i}].team_assignments: no team named ${JSON.stringify(team.slice(0, 255))} in this contact center`);
  }
  return { agents, teams };
}

/** The media the document names must be in the archive, and the archive must hold nothing else. */
export function checkMedia(document: SettingsDocument, media: ReadonlyMap<string, Buffer>): void {
  const expected = new Set<string>();
  for (const [i, m] of document.menus.entries()) {
    for (const [field, kind, included] of [['audio_files', 'audio', document.includes.audio_files], ['attached_files', 'attachment', document.includes.attached_files]] as const) {
      if (!included) continue;
      for (const file of m[field]) {
        const path = mediaPath(FOLDERS[kind], m.id, file.name);
        if (!media.has(path)) throw invalid(`menus[${i}].${field}: ${path} is not in the ZIP`);
        expected.add(path);
      }
    }
  }
  const extra = [...media.keys()].find((path) => !expected.has(path));
  if (extra !== undefined) throw invalid(`the ZIP holds ${extra}, which no menu's ${extra.startsWith('audio/') ? 'audio_files' : 'attached_files'} names${document.includes.audio_files && document.includes.attached_files ? '' : ' (or includes leaves that kind out)'}`);
}

export async function applySettings(trx: CcDb, tenantId: string, document: SettingsDocument, media: ReadonlyMap<string, Buffer>): Promise<ApplySummary> {
  const { agents, teams } = await checkAgainstCenter(trx, tenantId, document);
  checkMedia(document, media);
  const existing = new Set((await trx.selectFrom('cc_menus').select('id').where('tenant_id', '=', tenantId).execute()).map((row) => row.id));
  const ids = new Map<number, string>();
  let created = 0;
  let updated = 0;
  for (const m of menusInTreeOrder(document.menus)) {
    const values = {
      parent_id: m.parent_id === null ? null : ids.get(m.parent_id)!,
      name: m.name,
      position: m.position,
      menu_type: m.menu_type,
      hidden: m.hidden,
      deleted: false,
      output_msg: m.output_msg,
      languages: m.languages,
      hours: m.hours === null ? null : JSON.stringify(m.hours),
      after_hours_deflection: m.after_hours_deflection,
      overcapacity_limit: m.overcapacity_limit,
      overcapacity_deflection: m.overcapacity_deflection,
      manual_redirection: m.manual_redirection,
      outbound_numbers: m.outbound_numbers,
    };
    const key = String(m.id);
    if (existing.has(key)) {
      await trx.updateTable('cc_menus').set({ ...values, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', key).execute();
      ids.set(m.id, key);
      updated++;
    } else {
      const row = await trx.insertInto('cc_menus').values({ tenant_id: tenantId, ...values }).returning('id').executeTakeFirstOrThrow();
      ids.set(m.id, row.id);
      created++;
    }
  }
  const kept = [...ids.values()];
  const none = ['0'];
  const deleted = await trx
    .updateTable('cc_menus')
    .set({ deleted: true, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('deleted', '=', false)
    .where('id', 'not in', kept.length ? kept : none)
    .executeTakeFirst();

  await trx.deleteFrom('cc_menu_agents').where('tenant_id', '=', tenantId).where('menu_id', 'in', kept.length ? kept : none).execute();
  await trx.deleteFrom('cc_menu_teams').where('tenant_id', '=', tenantId).where('menu_id', 'in', kept.length ? kept : none).execute();
  const agentRows = document.menus.flatMap((m) => [...new Set(m.agent_assignments.map((e) => agents.get(e.toLowerCase())!))].map((agent_id) => ({ tenant_id: tenantId, menu_id: ids.get(m.id)!, agent_id })));
  const teamRows = document.menus.flatMap((m) => [...new Set(m.team_assignments.map((t) => teams.get(t.toLowerCase())!))].map((team_id) => ({ tenant_id: tenantId, menu_id: ids.get(m.id)!, team_id })));
  for (let at = 0; at < agentRows.length; at += BATCH) await trx.insertInto('cc_menu_agents').values(agentRows.slice(at, at + BATCH)).execute();
  for (let at = 0; at < teamRows.length; at += BATCH) await trx.insertInto('cc_menu_teams').values(teamRows.slice(at, at + BATCH)).execute();

  const replaceMedia = async (kind: MenuFileKind, field: 'audio_files' | 'attached_files', included: boolean): Promise<number | 'kept'> => {
    if (!included) return 'kept';
    await trx.deleteFrom('cc_menu_files').where('tenant_id', '=', tenantId).where('kind', '=', kind).execute();
    let count = 0;
    for (const m of document.menus) {
      for (const file of m[field]) {
        const bytes = media.get(mediaPath(FOLDERS[kind], m.id, file.name))!;
        await trx.insertInto('cc_menu_files').values({ tenant_id: tenantId, menu_id: ids.get(m.id)!, kind, name: file.name, content_type: file.content_type, bytes }).execute();
        count++;
      }
    }
    return count;
  };
  const audio = await replaceMedia('audio', 'audio_files', document.includes.audio_files);
  const attached = await replaceMedia('attachment', 'attached_files', document.includes.attached_files);

  await trx.deleteFrom('cc_chat_shortcuts').where('tenant_id', '=', tenantId).execute();
  const shortcutRows = document.chat_shortcuts.map((s) => ({ tenant_id: tenantId, menu_id: s.menu_id === null ? null : ids.get(s.menu_id)!, lang: s.lang, title: s.title, text: s.text }));
  for (let at = 0; at < shortcutRows.length; at += BATCH) await trx.insertInto('cc_chat_shortcuts').values(shortcutRows.slice(at, at + BATCH)).execute();

  const contacts = await applyContactLists(trx, tenantId, document);
  return {
    menus: { created, updated, deleted: Number(deleted.numUpdatedRows) },
    agent_assignments: agentRows.length,
    team_assignments: teamRows.length,
    audio_files: audio,
    attached_files: attached,
    chat_shortcuts: shortcutRows.length,
    contact_lists: document.contact_lists.length,
    contacts,
  };
}

async function applyContactLists(trx: CcDb, tenantId: string, document: SettingsDocument): Promise<number> {
  await ensureGlobalList(trx, tenantId);
  const lists = await trx.selectFrom('cc_contact_lists').select(['id', 'name', 'kind']).where('tenant_id', '=', tenantId).execute();
  const globalId = lists.find((l) => l.kind === 'global')!.id;
  const custom = new Map(lists.filter((l) => l.kind === 'custom').map((l) => [l.name.toLowerCase(), l.id]));
  const keptLists = new Set<string>([globalId]);
  // The global list is emptied when the document has none: the document is the whole state.
  const documentLists = document.contact_lists.some((l) => l.type === 'global') ? document.contact_lists : [{ name: 'Global', type: 'global' as const, contacts: [] }, ...document.contact_lists];
  // Custom lists first leave, so a name freed by a removed list can be taken by a renamed one.
  const matched = new Set(documentLists.filter((l) => l.type === 'custom').map((l) => l.name.trim().toLowerCase()));
  const gone = [...custom].filter(([name]) => !matched.has(name)).map(([, id]) => id);
  if (gone.length) await trx.deleteFrom('cc_contact_lists').where('tenant_id', '=', tenantId).where('id', 'in', gone).execute();
  let count = 0;
  for (const list of documentLists) {
    const name = list.name.trim();
    let listId = list.type === 'global' ? globalId : custom.get(name.toLowerCase());
    if (listId === undefined) {
      listId = (await trx.insertInto('cc_contact_lists').values({ tenant_id: tenantId, name, kind: 'custom' }).returning('id').executeTakeFirstOrThrow()).id;
    } else if (list.type === 'custom') {
      await trx.updateTable('cc_contact_lists').set({ name, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', listId).where('name', '<>', name).execute();
    }
    keptLists.add(listId);
    const phones = list.contacts.map((c) => c.phone_number);
    await trx
      .deleteFrom('cc_contacts')
      .where('tenant_id', '=', tenantId)
      .where('contact_list_id', '=', listId)
      .where(sql<boolean>`not (phone_number = any(${phones}::text[]))`)
      .execute();
    for (let at = 0; at < list.contacts.length; at += BATCH) {
      const rows = list.contacts.slice(at, at + BATCH).map((c) => ({ tenant_id: tenantId, contact_list_id: listId, name: c.name.trim(), phone_number: c.phone_number, email: c.email }));
      await trx
        .insertInto('cc_contacts')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'contact_list_id', 'phone_number']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), email: eb.ref('excluded.email'), updated_at: new Date() })),
        )
        .execute();
    }
    count += list.contacts.length;
  }
  return count;
}
