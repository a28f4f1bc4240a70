/**
 * What an analyzer reads of one conversation and what it returns
 * (docs/processing.md). The pipeline stores the result; the analyzer never
 * touches the database, so the built-in local analyzer, the optional
 * chat-completions analyzer and the evaluation harness share one contract.
 */
import { ENTITY_SETS } from '../odata/model/registry.ts';

function valuesOf(set: string, property: string): readonly string[] {
  const values = ENTITY_SETS.find((s) => s.name === set)?.properties.find((p) => p.name === property)?.values;
  if (!values) throw new Error(`${set}.${property} declares no values`);
  return values;
}

/** The insight types of the model registry (Insights.type). */
export const INSIGHT_TYPES = valuesOf('Insights', 'type');
export type InsightType = 'feature_request' | 'pain_point' | 'bug' | 'question' | 'objection' | 'pricing' | 'churn_risk' | 'competitor' | 'praise';

/** Participant roles of the model registry (Participants.role). */
export const PARTICIPANT_ROLES = valuesOf('Participants', 'role');
export type ParticipantRole = 'customer' | 'internal' | 'agent' | 'bot';

export interface AnalyzerParticipant {
  /** Stable within the conversation: the pipeline's participant id. */
  readonly key: string;
  readonly name: string | null;
  readonly role: ParticipantRole;
}

export interface AnalyzerFragment {
  /** Order within the conversation, from 0 (Fragments.position). */
  readonly position: number;
  /** The participant who said it, or null when the speaker is unknown. */
  readonly participantKey: string | null;
  readonly text: string;
}

export interface AnalyzerInput {
  readonly title: string | null;
  readonly type: string;
  /** The language the source declared, if any (BCP 47). */
  readonly language: string | null;
  readonly participants: readonly AnalyzerParticipant[];
  readonly fragments: readonly AnalyzerFragment[];
}

export interface AnalyzerOptions {
  /** Competitor names whose mention by a customer is a `competitor` insight. */
  readonly competitors: readonly string[];
}

export interface FragmentAnalysis {
  readonly position: number;
  /** From -1 (negative) to 1 (positive). */
  readonly sentiment: number;
}

export interface InsightAnalysis {
  /** The fragment holding the customer's words. */
  readonly position: number;
  readonly type: InsightType;
  /** The customer's own words, a substring of the fragment's text. */
  readonly text: string;
  readonly summary: string | null;
  readonly sentiment: number;
  /** From 0 to 1. */
  readonly importance: number;
}

export interface ConversationAnalysis {
  /**
   * The analyzer whose insights and summary these are: `local`, or
   * `openai-compatible` when the chat model's answer was used. An analyzer
   * that falls back returns its fallback's result, so this can differ from
   * `Analyzer.name`; stored with the conversation, it tells a reader whose
   * words they read.
   */
  readonly analyzer: string;
  /** Detected main language (BCP 47), or null when the text is too short to tell. */
  readonly language: string | null;
  readonly sentiment: number | null;
  readonly summary: string | null;
  readonly keywords: readonly string[];
  readonly fragments: readonly FragmentAnalysis[];
  readonly insights: readonly InsightAnalysis[];
}

export interface Analyzer {
  /** The configured analyzer (`ANALYZER`); the result's `analyzer` says which one produced it. */
  readonly name: string;
  /**
   * Once `signal` is aborted, an analyzer that waits on another system
   * stops waiting and rejects with the signal's reason, rather than fall
   * back: the caller no longer wants a result. Work done in the process
   * (the local analyzer) is short and runs to its end.
   */
  analyze(input: AnalyzerInput, options: AnalyzerOptions, signal?: AbortSignal): Promise<ConversationAnalysis>;
}
