/**
 * The export's two forms: a JSON document alone, or a ZIP of
 * `settings.json` with the menus' media under `audio/<menu id>/<name>` and
 * `attachments/<menu id>/<name>` (fflate).
 *
 * Reading a ZIP an integrator uploads is guarded: entry names must be one of
 * those shapes (no `..`, no absolute or backslashed paths), entries are
 * counted, and every entry is inflated as a stream in small input chunks
 * whose output is counted as it comes, so a lying size header or a zip bomb
 * stops at the limit instead of inflating gigabytes. A ZIP without its end
 * of central directory (a truncated upload) is refused before inflating.
 */
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { QueueSettingsErrors } from './queue-settings-errors.ts';

export const ARCHIVE_LIMITS = {
  entries: 2000,
  settingsBytes: 20 * 1024 * 1024,
  entryBytes: 5 * 1024 * 1024,
  totalBytes: 64 * 1024 * 1024,
} as const;

export const SETTINGS_ENTRY = 'settings.json';
export type MediaFolder = 'audio' | 'attachments';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$/;
const ENTRY = /^(audio|attachments)\/([1-9]\d{0,17})\/([^/]+)$/;
const FOLDER = /^(audio|attachments)\/([1-9]\d{0,17}\/)?$/;
const INPUT_CHUNK = 16 * 1024;

export function isFileName(name: string): boolean {
  return FILE_NAME.test(name) && !name.includes('..');
}

export function mediaPath(folder: MediaFolder, menuId: number | string, name: string): string {
  return `${folder}/${menuId}/${name}`;
}

/** A ZIP's first bytes: a local file header, or the end record of an empty archive. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

export function writeZip(settings: Buffer, media: ReadonlyMap<string, Buffer>): Buffer {
  const entries: Zippable = { [SETTINGS_ENTRY]: settings };
  // Audio is compressed already; storing it saves time for nothing lost.
  for (const [path, bytes] of media) entries[path] = [bytes, { level: 0 }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/** The entry count of the end of central directory record (APPNOTE 4.3.16), or undefined when there is none. */
function centralDirectoryCount(bytes: Uint8Array): number | undefined {
  for (let at = bytes.length - 22; at >= 0 && bytes.length - at <= 65_557; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 5 && bytes[at + 3] === 6) return bytes[at + 10]! | (bytes[at + 11]! << 8);
  }
  return undefined;
}

function checkEntryName(name: string): void {
  if (name === SETTINGS_ENTRY || FOLDER.test(name)) return;
  const match = ENTRY.exec(name);
  if (!match || !isFileName(match[3]!)) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`entry name not allowed: ${JSON.stringify(name.slice(0, 200))}; use settings.json, audio/<menu id>/<file> or attachments/<menu id>/<file>`]);
}

/** The entries of an uploaded ZIP by name (folders left out), within ARCHIVE_LIMITS. */
export function readZip(bytes: Uint8Array): Map<string, Buffer> {
  const listed = centralDirectoryCount(bytes);
  if (listed === undefined) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID(['it ends before its central directory (truncated?)']);
  if (listed > ARCHIVE_LIMITS.entries) throw QueueSettingsErrors.CC_QUEUE_ZIP_LIMITS([`more than ${ARCHIVE_LIMITS.entries} entries`]);
  const entries = new Map<string, Buffer>();
  const pending = new Set<string>();
  let seen = 0;
  let total = 0;
  let failure: unknown;
  const unzip = new Unzip((file) => {
    try {
      if (failure !== undefined) return;
      if (++seen > ARCHIVE_LIMITS.entries) throw QueueSettingsErrors.CC_QUEUE_ZIP_LIMITS([`more than ${ARCHIVE_LIMITS.entries} entries`]);
      checkEntryName(file.name);
      if (file.name.endsWith('/')) return;
      if (entries.has(file.name) || pending.has(file.name)) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`entry ${JSON.stringify(file.name)} appears twice`]);
      const limit = file.name === SETTINGS_ENTRY ? ARCHIVE_LIMITS.settingsBytes : ARCHIVE_LIMITS.entryBytes;
      const chunks: Uint8Array[] = [];
      let size = 0;
      pending.add(file.name);
      file.ondata = (error, chunk, final) => {
        if (failure !== undefined) return;
        if (error) {
          failure = QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`entry ${JSON.stringify(file.name)}: ${error.message}`]);
          return;
        }
        size += chunk.length;
        total += chunk.length;
        if (size > limit || total > ARCHIVE_LIMITS.totalBytes) {
          failure = QueueSettingsErrors.CC_QUEUE_ZIP_LIMITS([size > limit ? `entry ${JSON.stringify(file.name)} inflates past ${limit} bytes` : `the entries inflate past ${ARCHIVE_LIMITS.totalBytes} bytes in all`]);
          file.terminate();
          return;
        }
        chunks.push(chunk);
        if (final) {
          pending.delete(file.name);
          entries.set(file.name, Buffer.concat(chunks));
        }
      };
      file.start();
    } catch (error) {
      failure ??= error;
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && failure === undefined; at += INPUT_CHUNK) unzip.push(bytes.subarray(at, at + INPUT_CHUNK), at + INPUT_CHUNK >= bytes.length);
  } catch (error) {
    failure ??= QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([error instanceof Error ? error.message : String(error)]);
  }
  if (failure !== undefined) {
    if (failure instanceof Error && 'statusCode' in failure) throw failure;
    throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([failure instanceof Error ? failure.message : String(failure)]);
  }
  // Entries read from the local headers must be those the directory lists: a cut in the middle loses some.
  if (seen !== listed) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`its directory lists ${listed} entries but ${seen} were found (truncated?)`]);
  if (pending.size > 0) throw QueueSettingsErrors.CC_QUEUE_ZIP_INVALID([`entry ${JSON.stringify([...pending][0])} is cut short (truncated?)`]);
  return entries;
}
