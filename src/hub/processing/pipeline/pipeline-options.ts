/**
 * What the processing task is built with (services.ts composes it): the
 * analyzer, the CRM matching and tracker linking stages, and whoever
 * follows conversations to their end (the importer's conversation jobs).
 * The pipeline calls them; it
 * imports none of them, so the layers stay as docs/architecture.md draws
 * them and an analyzer chosen by configuration plugs in the same way.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Logger } from '../../../platform/logging/logger.ts';
import type { Analyzer, AnalyzerOptions } from '../analyzer.ts';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';

export interface ConversationOutcome {
  readonly conversationId: string;
  /** The revision of the source the run read. */
  readonly revision: number;
  readonly status: 'processed' | 'failed';
  readonly error: string | null;
}

/** Told in the pipeline's own transactions, so what it records commits with the conversations' status. */
export interface ConversationObserver {
  claimed(trx: Kysely<Database>, tenantId: string, conversationIds: readonly string[]): Promise<void>;
  finished(trx: Kysely<Database>, tenantId: string, outcomes: readonly ConversationOutcome[]): Promise<void>;
}

/** Stage (c): links the conversations, their participants and insights to CRM records; idempotent. */
export type CrmMatchStage = (trx: Kysely<Database>, tenantId: string, conversationIds: readonly string[]) => Promise<void>;

/**
 * Stages (e) and (f), after CRM matching: hang things on the batch's insights (their topics, their tracker issues);
 * `removedInsights` are those a run deleted (a conversation posted again with fewer), whose links go. Idempotent.
 */
export type InsightStage = (trx: Kysely<Database>, tenantId: string, conversationIds: readonly string[], removedInsights: readonly string[]) => Promise<void>;

/** Milliseconds spent per stage, summed over runs (scripts/bench-processing.ts prints them). */
export interface StageTimings {
  claim: number;
  segment: number;
  analyze: number;
  embed: number;
  store: number;
  match: number;
  topics: number;
  link: number;
  complete: number;
}

export interface PipelineOptions {
  readonly analyzer: Analyzer;
  readonly analyzerOptions: AnalyzerOptions;
  readonly crmMatch?: CrmMatchStage;
  readonly topics?: InsightStage;
  /** Embeds the insights, when a provider is configured (`EMBEDDINGS`); its failure costs the vectors, not the conversations. */
  readonly embeddings?: EmbeddingProvider;
  readonly logger?: Logger;
  readonly trackerLink?: InsightStage;
  readonly observers?: readonly ConversationObserver[];
  readonly timings?: StageTimings;
}

export function emptyTimings(): StageTimings {
  return { claim: 0, segment: 0, analyze: 0, embed: 0, store: 0, match: 0, topics: 0, link: 0, complete: 0 };
}
