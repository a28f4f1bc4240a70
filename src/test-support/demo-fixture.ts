/** The demo data as a test fixture: loaded and processed by the pipeline as configured by default (the local analyzer). */
import { loadDemoData, type DemoResult } from '../hub/demo/demo-data.ts';
import type { Scale } from '../hub/demo/scales.ts';
import { loadConfig } from '../platform/config/config.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { pipelineOptions } from '../services.ts';

export function loadDemo(database: Pick<DatabaseHandle, 'db' | 'pool'>, tenantId: string, scale: Scale, seed?: number): Promise<DemoResult> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  return loadDemoData(database, tenantId, scale, { pipeline: pipelineOptions(config), topicsMemoryMb: config.topicsBuildMemoryMb, logger: createLogger('silent'), seed });
}
