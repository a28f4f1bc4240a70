/**
 * Export, auto-save, import and restore of a center's queue settings (seed
 * 003, "Export - Import Queues Settings"). Import and restore run in one
 * transaction under the center's row lock: the current state is auto-saved,
 * the document replaces the settings (settings-apply.ts), and the item the
 * change made is recorded; any check failing on the way undoes all of it.
 */
import type { CcDb } from '../db/cc-database.ts';
import { ensureGlobalList, lockCenter } from '../contact-lists/contact-lists.ts';
import { applySettings, type ApplySummary } from './settings-apply.ts';
import { looksLikeZip, readZip, SETTINGS_ENTRY } from './settings-archive.ts';
import { parseDocument, type SettingsDocument } from './settings-document.ts';
import { snapshotSettings, type MediaFlags } from './settings-snapshot.ts';
import { archiveOf, findVersion, lastSavedVersion, recordVersion, versionContent, type StoredArchive, type VersionView } from './version-histories.ts';
import { QueueSettingsErrors } from './queue-settings-errors.ts';
import type { VersionKind } from './queue-settings-tables.ts';

export interface Upload {
  readonly document: SettingsDocument;
  readonly media: Map<string, Buffer>;
  readonly archive: StoredArchive;
  readonly settingsSize: number;
}

/** A JSON document or a ZIP holding `settings.json` and media, fully checked but for the center's agents and teams. */
export function readUpload(bytes: Buffer): Upload {
  if (!looksLikeZip(bytes)) {
    return { document: parseDocument(bytes), media: new Map(), archive: { contentType: 'application/json', content: bytes }, settingsSize: bytes.length };
  }
  const entries = readZip(bytes);
  const settings = entries.get(SETTINGS_ENTRY);
  if (!settings) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`it has no ${SETTINGS_ENTRY}`]);
  entries.delete(SETTINGS_ENTRY);
  return { document: parseDocument(settings), media: entries, archive: { contentType: 'application/zip', content: bytes }, settingsSize: settings.length };
}

/** An export or an auto-save: the current settings, kept as a version. */
export async function saveVersion(db: CcDb, tenantId: string, kind: Extract<VersionKind, 'export' | 'auto_saved'>, flags: MediaFlags, email: string | null = null): Promise<{ version: VersionView; archive: StoredArchive }> {
  // Read in one repeatable-read snapshot, so the document is one consistent state while lists are edited;
  // recorded apart, in read committed, so concurrent exports pruning the same old items do not fail to serialize.
  await ensureGlobalList(db, tenantId);
  const snapshot = await db.transaction().setIsolationLevel('repeatable read').execute((trx) => snapshotSettings(trx, tenantId, flags));
  const archive = archiveOf(snapshot);
  const version = await db.transaction().execute((trx) => recordVersion(trx, tenantId, { kind, email, archive, settingsSize: archive.settingsSize, snapshot }));
  return { version, archive };
}

async function checkUser(trx: CcDb, tenantId: string, email: string): Promise<string> {
  const agent = await trx
    .selectFrom('cc_agents')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!agent) throw QueueSettingsErrors.CC_QUEUE_UNKNOWN_USER([JSON.stringify(email.slice(0, 320))]);
  return agent.email;
}

export interface ChangeResult {
  readonly version_history: VersionView;
  readonly auto_saved: VersionView;
  readonly imported: ApplySummary;
}

async function replaceSettings(trx: CcDb, tenantId: string, email: string, kind: 'import' | 'restore', upload: Upload): Promise<ChangeResult> {
  const user = await checkUser(trx, tenantId, email);
  await ensureGlobalList(trx, tenantId);
  const before = await snapshotSettings(trx, tenantId, { audio: true, attached: true });
  const beforeArchive = archiveOf(before);
  const auto_saved = await recordVersion(trx, tenantId, { kind: 'auto_saved', email: user, archive: beforeArchive, settingsSize: beforeArchive.settingsSize, snapshot: before });
  const imported = await applySettings(trx, tenantId, upload.document, upload.media);
  const version_history = await recordVersion(trx, tenantId, { kind, email: user, archive: upload.archive, settingsSize: upload.settingsSize, snapshot: upload });
  return { version_history, auto_saved, imported };
}

export async function importSettings(db: CcDb, tenantId: string, email: string, bytes: Buffer): Promise<ChangeResult> {
  const upload = readUpload(bytes);
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    return replaceSettings(trx, tenantId, email, 'import', upload);
  });
}

/** Restores the version named by id or revision (both: they must agree), or the last saved one (the newest export or auto-save) when neither. */
export async function restoreSettings(db: CcDb, tenantId: string, email: string, target: { id?: string; revision?: string }): Promise<ChangeResult & { restored_from: VersionView }> {
  return db.transaction().execute(async (trx) => {
    await lockCenter(trx, tenantId);
    let version: VersionView | undefined;
    if (target.id !== undefined) version = await findVersion(trx, tenantId, { id: target.id });
    if (target.revision !== undefined) {
      const byRevision = await findVersion(trx, tenantId, { revision: target.revision });
      if (version && version.id !== byRevision.id) throw QueueSettingsErrors.CC_QUEUE_VERSION_MISMATCH();
      version = byRevision;
    }
    version ??= await lastSavedVersion(trx, tenantId);
    if (!version) throw QueueSettingsErrors.CC_QUEUE_NO_VERSION();
    const stored = await versionContent(trx, tenantId, String(version.id));
    const result = await replaceSettings(trx, tenantId, email, 'restore', readUpload(stored.content));
    return { ...result, restored_from: version };
  });
}
