/**
 * The version history (seed 003: "version history items for a specific
 * tenant"): every export, auto-save, import and restore keeps the document
 * or ZIP it was, by integer id and by revision (a UUID). A center keeps its
 * newest MAX_VERSIONS items; older ones are pruned in the transaction that
 * adds one.
 */
import type { Selectable } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import { ContactCenterErrors } from '../cc-errors.ts';
import type { QueueSettingsTables, VersionKind } from './queue-settings-tables.ts';
import { writeZip } from './settings-archive.ts';
import type { Snapshot } from './settings-snapshot.ts';

export const MAX_VERSIONS = 50;

type VersionRow = Omit<Selectable<QueueSettingsTables['cc_queue_setting_versions']>, 'content' | 'tenant_id'>;

const METADATA = ['id', 'revision', 'kind', 'email', 'content_type', 'settings_size', 'export_audio_files', 'export_attached_files', 'menus', 'audio_files', 'attached_files', 'created_at'] as const;

export interface VersionView {
  readonly id: number;
  readonly revision: string;
  readonly kind: VersionKind;
  readonly created_at: string;
  readonly email: string | null;
  readonly content_type: string;
  readonly file_name: string;
  readonly size: number;
  readonly settings_size: number;
  readonly export_audio_files: boolean;
  readonly export_attached_files: boolean;
  readonly menus: number;
  readonly audio_files: number;
  readonly attached_files: number;
}

export const fileName = (row: Pick<VersionRow, 'revision' | 'content_type'>) => `queue_settings_${row.revision}.${row.content_type === 'application/zip' ? 'zip' : 'json'}`;

export const versionView = (row: VersionRow & { size: number | string }): VersionView => ({
  id: Number(row.id),
  revision: row.revision,
  kind: row.kind,
  created_at: row.created_at.toISOString(),
  email: row.email,
  content_type: row.content_type,
  file_name: fileName(row),
  size: Number(row.size),
  settings_size: row.settings_size,
  export_audio_files: row.export_audio_files,
  export_attached_files: row.export_attached_files,
  menus: row.menus,
  audio_files: row.audio_files,
  attached_files: row.attached_files,
});

export interface StoredArchive {
  readonly contentType: 'application/json' | 'application/zip';
  readonly content: Buffer;
}

/** The export's bytes: the document alone when no media were asked for, else a ZIP. */
export function archiveOf(snapshot: Snapshot): StoredArchive & { settingsSize: number } {
  const settings = Buffer.from(JSON.stringify(snapshot.document, null, 2));
  const zipped = snapshot.document.includes.audio_files || snapshot.document.includes.attached_files;
  return { contentType: zipped ? 'application/zip' : 'application/json', content: zipped ? writeZip(settings, snapshot.media) : settings, settingsSize: settings.length };
}

/** Adds an item with the bytes it keeps, and prunes the center's oldest beyond MAX_VERSIONS. */
export async function recordVersion(
  trx: CcDb,
  tenantId: string,
  item: { kind: VersionKind; email: string | null; archive: StoredArchive; settingsSize: number; snapshot: Pick<Snapshot, 'document'> },
): Promise<VersionView> {
  const { document } = item.snapshot;
  const row = await trx
    .insertInto('cc_queue_setting_versions')
    .values({
      tenant_id: tenantId,
      kind: item.kind,
      email: item.email,
      content_type: item.archive.contentType,
      content: item.archive.content,
      settings_size: item.settingsSize,
      export_audio_files: document.includes.audio_files,
      export_attached_files: document.includes.attached_files,
      menus: document.menus.length,
      audio_files: document.menus.reduce((n, m) => n + m.audio_files.length, 0),
      attached_files: document.menus.reduce((n, m) => n + m.attached_files.length, 0),
    })
    .returning(METADATA)
    .executeTakeFirstOrThrow();
  const cutoff = await trx.selectFrom('cc_queue_setting_versions').select('id').where('tenant_id', '=', tenantId).orderBy('id', 'desc').offset(MAX_VERSIONS).limit(1).executeTakeFirst();
  if (cutoff) await trx.deleteFrom('cc_queue_setting_versions').where('tenant_id', '=', tenantId).where('id', '<=', cutoff.id).execute();
  return versionView({ ...row, size: item.archive.content.length });
}

function metadataQuery(db: CcDb, tenantId: string) {
  return db
    .selectFrom('cc_queue_setting_versions')
    .select(METADATA)
    .select((eb) => eb.fn<number>('octet_length', ['content']).as('size'))
    .where('tenant_id', '=', tenantId);
}

export async function listVersions(db: CcDb, tenantId: string, page: { offset: number; perPage: number }): Promise<{ items: VersionView[]; total: number }> {
  const rows = await metadataQuery(db, tenantId).orderBy('id', 'desc').offset(page.offset).limit(page.perPage).execute();
  const total = await db.selectFrom('cc_queue_setting_versions').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return { items: rows.map(versionView), total: Number(total.n) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One item by id or by revision, else 404 Not Found. */
export async function findVersion(db: CcDb, tenantId: string, by: { id: string } | { revision: string }): Promise<VersionView> {
  if ('revision' in by && !UUID.test(by.revision)) throw ContactCenterErrors.CC_NOT_FOUND();
  const query = metadataQuery(db, tenantId);
  const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('revision', '=', by.revision.toLowerCase())).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return versionView(row);
}

/**
 * The last saved version, if any: the newest export or auto-save, what a restore without id or revision goes
 * back to. Import and restore items are the state they made, so after an import this is the state before it.
 */
export async function lastSavedVersion(db: CcDb, tenantId: string): Promise<VersionView | undefined> {
  const row = await metadataQuery(db, tenantId).where('kind', 'in', ['export', 'auto_saved']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? versionView(row) : undefined;
}

export async function versionContent(db: CcDb, tenantId: string, id: string): Promise<StoredArchive & { fileName: string }> {
  const row = await db.selectFrom('cc_queue_setting_versions').select(['content', 'content_type', 'revision']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw ContactCenterErrors.CC_NOT_FOUND();
  return { contentType: row.content_type, content: row.content, fileName: fileName(row) };
}
