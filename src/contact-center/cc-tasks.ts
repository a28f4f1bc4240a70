/**
 * The contact center's background tasks, for the composition root
 * (src/services.ts): the simulation's steps, dispatched by kind.
 */
import type { TaskList } from 'graphile-worker';
import type { Config } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/logging/logger.ts';
import { ccDb } from './db/cc-database.ts';
import { STEP_TASK, stepTask, type StepHandler } from './simulation/steps.ts';

const STEP_HANDLERS: Readonly<Record<string, StepHandler>> = {};

export function contactCenterTasks(db: Db, config: Config, logger: Logger): TaskList {
  return { [STEP_TASK]: stepTask({ db: ccDb(db), config, logger }, STEP_HANDLERS) as TaskList[string] };
}
