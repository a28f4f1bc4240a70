/**
 * What every upload of a hub process shares, whichever route or page
 * receives it (the CRM importer, POST /import/conversations, the Upload
 * conversations page): the slots that bound uploads in progress per
 * workspace and in all (a 429 beyond), the spool directory of CSV uploads,
 * and the connections their writes may take (docs/operations.md "Database
 * connections"). hub-service.ts makes one and hands it to each.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Config } from '../../platform/config/config.ts';
import { ConnectionBudget } from '../../platform/db/connection-budget.ts';
import { poolOf, type Db } from '../../platform/db/database.ts';
import { ConcurrencySlots } from '../../platform/limits/concurrency-slots.ts';
import type { UploadStorage } from './submit-import.ts';

/** Of the pool's connections for HTTP (10 in `commontime start`), the ones the writes of finished uploads may hold at once. */
const UPLOAD_CONNECTIONS = 2;

export interface Uploads {
  readonly slots: ConcurrencySlots;
  readonly storage: UploadStorage;
}

export async function createUploads(db: Db, config: Config): Promise<Uploads> {
  const spoolDirectory = config.importSpoolDir ?? tmpdir();
  await mkdir(spoolDirectory, { recursive: true });
  return {
    slots: new ConcurrencySlots('uploads', { perKey: config.importConcurrencyPerWorkspace, total: config.importConcurrency }),
    storage: { spoolDirectory, connections: new ConnectionBudget(poolOf(db), UPLOAD_CONNECTIONS) },
  };
}
