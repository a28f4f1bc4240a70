/**
 * How the simulation moves: each call, chat or dial has at most one pending
 * step, a job of the queue (`contact-center:step`) that runs when the
 * simulated time of its next transition comes. The step's handler, chosen by
 * kind, takes the entity's row lock, checks that the entity is still at the
 * state the step was scheduled from (a step that lost a race, or was
 * replaced, does nothing), moves it and schedules the next step in the same
 * transaction. State lives in PostgreSQL only, so a step survives restarts
 * and runs on whichever process's worker takes it.
 */
import type { Task } from 'graphile-worker';
import type { Config } from '../../platform/config/config.ts';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import type { Logger } from '../../platform/logging/logger.ts';
import type { CcDb } from '../db/cc-database.ts';
import { realDelayMs, type SimulationSettings } from './sim-settings.ts';

export const STEP_TASK = 'contact-center:step';

export interface StepPayload {
  readonly tenantId: string;
  /** Which handler moves the entity: 'call', 'chat', 'dial', ... */
  readonly kind: string;
  readonly id: string;
  /** The state the entity must still be in for the step to apply. */
  readonly from: string;
}

declare global {
  namespace GraphileWorker {
    interface Tasks {
      'contact-center:step': StepPayload;
    }
  }
}

export interface StepContext {
  readonly db: CcDb;
  readonly config: Config;
  readonly logger: Logger;
}

export type StepHandler = (context: StepContext, step: StepPayload) => Promise<void>;

/** Schedules the entity's next step `afterSeconds` simulated seconds from now, replacing any pending one. */
export async function scheduleStep(
  trx: CcDb,
  settings: Pick<SimulationSettings, 'timeScale'>,
  step: StepPayload,
  afterSeconds: number,
): Promise<void> {
  await enqueue(trx, STEP_TASK, step, {
    runAt: new Date(Date.now() + realDelayMs(settings, afterSeconds)),
    jobKey: `cc:${step.kind}:${step.tenantId}:${step.id}`,
    maxAttempts: 5,
  });
}

export function stepTask(context: StepContext, handlers: Readonly<Record<string, StepHandler>>): Task<'contact-center:step'> {
  return async (payload) => {
    const handler = handlers[payload.kind];
    if (!handler) {
      context.logger.warn({ kind: payload.kind }, 'contact-center step of an unknown kind dropped');
      return;
    }
    await handler(context, payload);
  };
}
