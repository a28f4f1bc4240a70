/**
 * The processing task, `processing:run` (docs/processing.md "Pipeline"):
 * one run takes a tenant's waiting conversations in batches and takes each
 * batch through every stage in two transactions:
 *
 * 1. claim (claim-conversations.ts): pending → processing, committed, so
 *    readers and the watchdog see the run;
 * 2. outside any transaction: (a) segmentation and (b) analysis of each
 *    conversation; an analyzer may take its time (a model server) without
 *    holding a database connection;
 * 3. one transaction: the outputs of (a) and (b), (c) CRM matching, the
 *    insights' topics and tracker issues, and (d) completion with its
 *    webhook events. A conversation posted again while the run worked is
 *    left to the run of its new revision.
 *
 * Failures: an analysis that throws or answers nonsense fails its
 * conversation alone (`failed`, the error kept); data the database refuses
 * fails the conversation it belongs to, the others of the batch are stored
 * one by one. Anything else (the database gone, the worker stopping)
 * releases the batch to the queue and fails the job, which graphile-worker
 * retries; a crashed process leaves its batch to the watchdog. Every stage
 * replaces its own output, so a batch run twice stores one result.
 *
 * Fairness: a run does at most `RUN_BATCHES` batches, then queues the next
 * run of its lane behind the jobs already waiting, so a tenant with a large
 * backlog shares the workers with the others.
 */
import type { Task } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { analyzeConversation } from './analyze-conversation.ts';
import { claimConversations, type ClaimedConversation } from './claim-conversations.ts';
import { completeConversations, releaseConversations, type FailedConversation } from './complete-conversations.ts';
import type { PipelineOptions, StageTimings } from './pipeline-options.ts';
import { wakeProcessing } from './processing-queue.ts';
import { segment } from './segment.ts';
import { storeOutputs, type ProcessedConversation } from './store-outputs.ts';

export const BATCH_SIZE = 25;
const RUN_BATCHES = 20;

// PostgreSQL errors caused by the data (classes 22 data exception, 23 integrity, 54 program limit), as the importer tells them.
const isDataError = (error: unknown) => /^(22|23|54)/.test(String((error as { code?: unknown }).code ?? ''));

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function timed<T>(timings: StageTimings | undefined, stage: keyof StageTimings, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    if (timings) timings[stage] += performance.now() - started;
  }
}

/** (a)–(d) of a batch's conversations in one transaction; conversations posted again meanwhile are only released. */
async function store(db: Db, tenantId: string, processed: readonly ProcessedConversation[], failed: readonly FailedConversation[], options: PipelineOptions): Promise<void> {
  await db.transaction().execute(async (trx: Kysely<Database>) => {
    const claimed = [...processed.map((p) => p.conversation), ...failed.map((f) => f.conversation)];
    // Sources in their key order (as ingestion writes them), then conversations in id order (as CRM matching locks them).
    const { rows } = await sql<{ conversation_id: string; revision: number }>`
      select conversation_id, revision from conversation_sources
      where tenant_id = ${tenantId}::uuid and conversation_id = any(${claimed.map((c) => c.id)}::text[])
      order by service, service_id for update`.execute(trx);
    await sql`select 1 from conversations where tenant_id = ${tenantId}::uuid and id = any(${claimed.map((c) => c.id)}::text[]) order by id for no key update`.execute(trx);
    const current = new Map(rows.map((row) => [row.conversation_id, row.revision]));
    const latest = (c: ClaimedConversation) => current.get(c.id) === c.revision;
    await releaseConversations(trx, tenantId, claimed.filter((c) => !latest(c)).map((c) => c.id));
    const done = processed.filter((p) => latest(p.conversation));
    const broken = failed.filter((f) => latest(f.conversation));
    if (done.length > 0) {
      const ids = done.map((p) => p.conversation.id);
      const stored = await timed(options.timings, 'store', () => storeOutputs(trx, tenantId, done, options.embeddings?.model));
      const { crmMatch, topics, trackerLink } = options;
      if (crmMatch) await timed(options.timings, 'match', () => crmMatch(trx, tenantId, ids));
      if (topics) await timed(options.timings, 'topics', () => topics(trx, tenantId, ids, stored.removedInsights));
      if (trackerLink) await timed(options.timings, 'link', () => trackerLink(trx, tenantId, ids, stored.removedInsights));
    }
    await timed(options.timings, 'complete', () => completeConversations(trx, tenantId, done, broken, options.observers ?? []));
  });
}

/**
 * The insights' vectors, outside any transaction like the analysis. A provider that fails (its server down) costs
 * the batch its vectors, not its conversations: they are stored without, and a topic build embeds them later.
 */
async function embedInsights(options: PipelineOptions, processed: readonly ProcessedConversation[], signal: AbortSignal): Promise<readonly ProcessedConversation[]> {
  const texts = processed.flatMap((p) => p.analysis.insights.map((i) => i.text));
  if (texts.length === 0) return processed;
  let vectors: Float32Array[];
  try {
    vectors = await options.embeddings!.embed(texts, signal);
  } catch (error) {
    signal.throwIfAborted();
    options.logger?.warn({ err: error, insights: texts.length }, 'insights stored without embeddings: the embedding provider failed');
    return processed;
  }
  let at = 0;
  return processed.map((p) => ({ ...p, insightVectors: vectors.slice(at, (at += p.analysis.insights.length)) }));
}

async function processBatch(db: Db, tenantId: string, claimed: readonly ClaimedConversation[], options: PipelineOptions, signal: AbortSignal): Promise<void> {
  const processed: ProcessedConversation[] = [];
  const failed: FailedConversation[] = [];
  try {
    for (const conversation of claimed) {
      signal.throwIfAborted();
      try {
        const segmentation = await timed(options.timings, 'segment', () => segment(conversation.participants.length, conversation.utterances));
        const analysis = await timed(options.timings, 'analyze', () => analyzeConversation(options.analyzer, options.analyzerOptions, conversation, segmentation, signal));
        processed.push({ conversation, segmentation, analysis });
      } catch (error) {
        signal.throwIfAborted();
        failed.push({ conversation, error: `analysis failed: ${message(error)}` });
      }
    }
    const embedded = options.embeddings ? await timed(options.timings, 'embed', () => embedInsights(options, processed, signal)) : processed;
    try {
      await store(db, tenantId, embedded, failed, options);
    } catch (error) {
      if (!isDataError(error)) throw error;
      // Something in the batch broke a rule of the tables: find whose, one conversation at a time.
      for (const p of embedded) {
        try {
          await store(db, tenantId, [p], [], options);
        } catch (single) {
          if (!isDataError(single)) throw single;
          await store(db, tenantId, [], [{ conversation: p.conversation, error: `its results could not be stored: ${message(single)}` }], options);
        }
      }
      if (failed.length > 0) await store(db, tenantId, [], failed, options);
    }
  } catch (error) {
    // Whatever was not stored goes back to the queue (a source already finished is left as it is); if the database is gone, the watchdog does it.
    await releaseConversations(db, tenantId, claimed.map((c) => c.id)).catch(() => undefined);
    throw error;
  }
}

export interface RunLimits {
  readonly batchSize: number;
  readonly maxBatches: number;
}

/**
 * Claims and processes the tenant's waiting conversations, batch after batch, until none is left or `maxBatches`
 * were done; true when some may be left. The task's run, and the demo's (larger batches, no limit: fewer
 * transactions for a bulk load), are this.
 */
export async function processWaiting(db: Db, tenantId: string, options: PipelineOptions, signal: AbortSignal, limits: RunLimits = { batchSize: BATCH_SIZE, maxBatches: RUN_BATCHES }): Promise<boolean> {
  for (let batches = 0; batches < limits.maxBatches; batches++) {
    signal.throwIfAborted();
    const claimed = await timed(options.timings, 'claim', () => claimConversations(db, tenantId, limits.batchSize, options.observers ?? []));
    if (claimed.length > 0) await processBatch(db, tenantId, claimed, options, signal);
    if (claimed.length < limits.batchSize) return false;
  }
  return true;
}

export function processTask(db: Db, options: PipelineOptions): Task<'processing:run'> {
  return async ({ tenant }, helpers) => {
    if (await processWaiting(db, tenant, options, helpers.abortSignal)) await wakeProcessing(db, tenant);
  };
}
