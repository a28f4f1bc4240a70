/**
 * The messages sent to the chat model for one conversation
 * (docs/processing.md "Analyzers"): instructions with the insight types,
 * then the conversation as numbered lines, one per fragment,
 * `[position] role (name): text`.
 *
 * Only the first `maxInputChars` characters of those lines are sent, whole
 * fragments only: local models often run with a context of 4,096 tokens or
 * less, and a prompt beyond it is cut by the server without a word. The
 * fragments left out keep the local analyzer's insights; the caller knows
 * them from `sent`.
 */
import type { AnalyzerFragment, AnalyzerInput, AnalyzerOptions, InsightType } from '../analyzer.ts';

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface ChatPrompt {
  readonly messages: readonly ChatMessage[];
  /** The fragments in the prompt, from the first; the rest did not fit. */
  readonly sent: readonly AnalyzerFragment[];
}

const DEFINITIONS: Readonly<Record<InsightType, string>> = {
  feature_request: 'the customer asks for a capability, an integration or a change ("we need SSO", "it would be great if…")',
  pain_point: 'something costs the customer time, effort or money, without being a defect',
  bug: 'something does not work as it should: an error, a crash, wrong data',
  question: 'a question about the product, the account or the service that needs an answer (not small talk)',
  objection: 'a reason against buying, renewing or expanding: timing, fit, security, approval',
  pricing: 'price, cost, plan, discount, billing or an invoice',
  churn_risk: 'the customer may cancel, leave, downgrade or not renew',
  competitor: 'the customer names a competing product or vendor',
  praise: 'the customer is pleased with the product, the service or a person',
};

function instructions(options: AnalyzerOptions): string {
  const types = Object.entries(DEFINITIONS).map(([type, definition]) => `- ${type}: ${definition}`);
  const competitors = options.competitors.length === 0 ? '' : `\nKnown competitors: ${options.competitors.join(', ')}.`;
  return [
    'You read one customer conversation and extract its insights: statements by the customer that a product or revenue team should act on. Answer with JSON that matches the given schema, and nothing else.',
    '',
    'Insight types:',
    ...types,
    competitors,
    'Rules:',
    '- Each line of the conversation is one fragment: "[number] role (name): text". Only fragments whose role is customer or unknown can hold an insight.',
    '- "fragment" is that number. "text" is copied exactly, character for character, from that fragment: the customer\'s own words, one or a few consecutive sentences. Never paraphrase, translate, correct or join fragments.',
    '- One statement gives at most one insight. Greetings, thanks for help and the agent\'s words are no insights. A conversation without insights answers an empty list.',
    '- "summary" of an insight: one short sentence saying what the customer wants or reports. "importance": from 0 to 1, how much the team should care (a churn risk or a blocking bug near 1, a passing question near 0.2).',
    '- The top-level "summary": two or three sentences on what the conversation was about and how it ended, in the language of the conversation.',
  ].join('\n');
}

function line(fragment: AnalyzerFragment, speakers: ReadonlyMap<string, { role: string; name: string | null }>): string {
  const speaker = fragment.participantKey === null ? undefined : speakers.get(fragment.participantKey);
  const who = speaker ? `${speaker.role}${speaker.name ? ` (${speaker.name.replace(/\s+/g, ' ')})` : ''}` : 'unknown';
  return `[${fragment.position}] ${who}: ${fragment.text.replace(/\s+/g, ' ').trim()}`;
}

export function chatPrompt(input: AnalyzerInput, options: AnalyzerOptions, maxInputChars: number): ChatPrompt {
  const speakers = new Map(input.participants.map((p) => [p.key, { role: p.role, name: p.name }]));
  const lines: string[] = [];
  const sent: AnalyzerFragment[] = [];
  let length = 0;
  for (const fragment of input.fragments) {
    const text = line(fragment, speakers);
    if (length + text.length + 1 > maxInputChars) break;
    lines.push(text);
    sent.push(fragment);
    length += text.length + 1;
  }
  const heading = `A ${input.type}${input.title ? ` titled "${input.title.replace(/\s+/g, ' ')}"` : ''}${sent.length < input.fragments.length ? ` (its first ${sent.length} of ${input.fragments.length} fragments)` : ''}:`;
  return {
    messages: [
      { role: 'system', content: instructions(options) },
      { role: 'user', content: `${heading}\n\n${lines.join('\n')}` },
    ],
    sent,
  };
}
