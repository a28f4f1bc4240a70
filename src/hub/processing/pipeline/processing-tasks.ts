/** The processing context's background tasks, bound to the process's database and configuration. */
import type { TaskList } from 'graphile-worker';
import type { Config } from '../../../platform/config/config.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { PipelineOptions } from './pipeline-options.ts';
import { processTask } from './process-task.ts';
import { PROCESS_TASK } from './processing-queue.ts';
import { watchdogTask, WATCHDOG_TASK } from './watchdog.ts';

export function processingTasks(db: Db, config: Config, options: PipelineOptions): TaskList {
  return {
    [PROCESS_TASK]: processTask(db, options) as TaskList[string],
    [WATCHDOG_TASK]: watchdogTask(db, config.processingTimeoutSeconds, options.observers ?? []) as TaskList[string],
  };
}
