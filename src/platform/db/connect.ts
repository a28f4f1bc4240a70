/**
 * Where the database comes from: `DATABASE_URL` when set (the embedded
 * server is then never started), otherwise the embedded cluster in `DATA_DIR`.
 */
import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { openEmbeddedPostgres, type EmbeddedMode } from './embedded-postgres.ts';

export interface Connection extends DatabaseHandle {
  /** Closes the pool, then stops the embedded server if this process owns it. */
  close(): Promise<void>;
}

export async function connect(config: Config, logger: Logger, mode: EmbeddedMode, options: { poolSize?: number } = {}): Promise<Connection> {
  if (config.databaseUrl !== undefined) {
    return openDatabase(config.databaseUrl, logger, { max: options.poolSize });
  }
  const embedded = await openEmbeddedPostgres(config.dataDir, mode, logger);
  const handle = openDatabase(embedded.url, logger, { max: options.poolSize });
  return {
    ...handle,
    async close() {
      await handle.close();
      await embedded.stop();
    },
  };
}
