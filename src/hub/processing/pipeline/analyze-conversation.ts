/**
 * Stage (b), analysis: the segmented conversation through the Analyzer
 * (analyzer.ts), and the checks its answer must pass before anything of it
 * is stored. An analyzer is another system as far as the pipeline is
 * concerned (the chat-completions one is): an answer that names a fragment
 * the conversation does not have, a type the model does not know or a
 * score out of range fails the conversation with that reason instead of
 * storing something wrong.
 */
import { INSIGHT_TYPES, type Analyzer, type AnalyzerOptions, type ConversationAnalysis } from '../analyzer.ts';
import type { ClaimedConversation } from './claim-conversations.ts';
import type { Segmentation } from './segment.ts';

export class AnalysisError extends Error {}

const inRange = (value: number | null, low: number, high: number) => value === null || (Number.isFinite(value) && value >= low && value <= high);

function checkAnalysis(analysis: ConversationAnalysis, fragments: number): void {
  const wrong = (what: string) => new AnalysisError(`the analyzer returned ${what}`);
  if (!inRange(analysis.sentiment, -1, 1)) throw wrong(`a conversation sentiment of ${analysis.sentiment}, outside -1 to 1`);
  for (const f of analysis.fragments) {
    if (!Number.isInteger(f.position) || f.position < 0 || f.position >= fragments) throw wrong(`a sentiment for fragment ${f.position}, which does not exist`);
    if (!inRange(f.sentiment, -1, 1)) throw wrong(`a sentiment of ${f.sentiment} for fragment ${f.position}, outside -1 to 1`);
  }
  for (const i of analysis.insights) {
    if (!Number.isInteger(i.position) || i.position < 0 || i.position >= fragments) throw wrong(`an insight in fragment ${i.position}, which does not exist`);
    if (!(INSIGHT_TYPES as readonly string[]).includes(i.type)) throw wrong(`an insight of type ${JSON.stringify(i.type)}, which is none of ${INSIGHT_TYPES.join(', ')}`);
    if (typeof i.text !== 'string' || i.text.trim() === '') throw wrong(`an insight without text in fragment ${i.position}`);
    if (!inRange(i.sentiment, -1, 1) || !inRange(i.importance, 0, 1)) throw wrong(`an insight in fragment ${i.position} whose sentiment or importance is out of range`);
  }
}

/** `signal`: the worker stopping; an analyzer waiting on a server then gives up (analyzer.ts). */
export async function analyzeConversation(
  analyzer: Analyzer,
  options: AnalyzerOptions,
  conversation: ClaimedConversation,
  segmentation: Segmentation,
  signal: AbortSignal,
): Promise<ConversationAnalysis> {
  const analysis = await analyzer.analyze(
    {
      title: conversation.title,
      type: conversation.type,
      language: conversation.language,
      participants: conversation.participants.map((p) => ({ key: p.id, name: p.name, role: p.role })),
      fragments: segmentation.fragments.map((f) => ({
        position: f.position,
        participantKey: f.participant === null ? null : (conversation.participants[f.participant]?.id ?? null),
        text: f.text,
      })),
    },
    options,
    signal,
  );
  checkAnalysis(analysis, segmentation.fragments.length);
  return analysis;
}
