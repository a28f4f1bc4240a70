/**
 * The optional analyzer that asks an OpenAI-compatible chat-completions
 * endpoint (Ollama, vLLM, LM Studio, a hosted API) for a conversation's
 * insights and summary: `ANALYZER=openai-compatible` (docs/processing.md
 * "Analyzers").
 *
 * - The local analyzer always runs first. Language, sentiment, keywords and
 *   the fragments' scores are always its own: they are deterministic and
 *   comparable across conversations, which a model's are not. The model
 *   gives the insights and the summary only.
 * - The request asks for `response_format: json_schema` with `strict: true`
 *   (answer-schema.ts) and temperature 0. A server that refuses it answers
 *   4xx, which is a fallback like any other: no second request in JSON mode,
 *   since a schema the server does not enforce is checked here anyway and
 *   the second request would double the time of every failure.
 * - The answer is trusted only whole. Any of these keeps the local result,
 *   unchanged, and logs the reason at warn: no answer within the timeout,
 *   a non-2xx, a cut or refused answer, content that is not JSON, a schema
 *   violation, an importance outside 0 to 1, an insight naming a fragment
 *   that was not sent or is not the customer's, a quote that is not in its
 *   fragment (after quote-span.ts forgives small slips), an over-long
 *   summary, or any other error.
 * - Fragments past `maxInputChars` (chat-prompt.ts) keep the local
 *   analyzer's insights; the conversation keeps its local extractive summary
 *   then, since a summary of the first part would misstate the whole.
 * - Logs carry the model, the reason and counts, never the customer's words
 *   or the key; the server's own error message, which may quote the
 *   request, is logged at debug only.
 *
 * Guarded by chat-completions-analyzer.test.ts against a local fake server.
 */
import type { Logger } from '../../../platform/logging/logger.ts';
import { customerSide } from '../analysis/customer-side.ts';
import type { Analyzer, AnalyzerInput, ConversationAnalysis, InsightAnalysis } from '../analyzer.ts';
import { postOpenAiCompatible } from '../openai-compatible-api.ts';
import { ANSWER_SCHEMA, ANSWER_SCHEMA_NAME, answerViolation, type Answer } from './answer-schema.ts';
import { chatPrompt } from './chat-prompt.ts';
import { quoteSpan } from './quote-span.ts';

export interface ChatCompletionsAnalyzerOptions {
  /** The API base (config `ANALYZER_BASE_URL`), such as http://127.0.0.1:11434/v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly maxInputChars: number;
  readonly logger: Logger;
}

const MAX_SUMMARY_CHARS = 2000;
const MAX_INSIGHT_SUMMARY_CHARS = 500;

/** Why the model's answer is not used; its message is logged, so it never quotes the conversation. */
class Unusable extends Error {}

interface ChatAnswer {
  readonly choices?: readonly { readonly finish_reason?: unknown; readonly message?: { readonly content?: unknown; readonly refusal?: unknown } }[];
}

function contentOf(body: unknown): string {
  const choice = (body as ChatAnswer | null)?.choices?.[0];
  if (!choice) throw new Unusable('the answer has no choices');
  if (typeof choice.message?.refusal === 'string' && choice.message.refusal !== '') throw new Unusable('the model refused');
  if (choice.finish_reason === 'length') throw new Unusable('the answer was cut at the model\'s token limit');
  if (typeof choice.message?.content !== 'string') throw new Unusable('the answer has no message content');
  return choice.message.content;
}

function parseAnswer(content: string): Answer {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw new Unusable('the message content is not JSON');
  }
  const violation = answerViolation(value);
  if (violation) throw new Unusable(`the answer does not match the schema: ${violation}`);
  return value as Answer;
}

/** The model's insights as stored: in the fragment's own words, checked one by one. */
function verifiedInsights(answer: Answer, input: AnalyzerInput, sent: ReadonlySet<number>, local: ConversationAnalysis): InsightAnalysis[] {
  const isCustomer = customerSide(input.participants);
  const fragments = new Map(input.fragments.map((f) => [f.position, f]));
  const sentiment = new Map(local.fragments.map((f) => [f.position, f.sentiment]));
  const seen = new Set<string>();
  const insights: (InsightAnalysis & { start: number })[] = [];
  answer.insights.forEach((insight, i) => {
    const fragment = fragments.get(insight.fragment);
    if (!fragment || !sent.has(insight.fragment) || !isCustomer(fragment)) {
      throw new Unusable(`insight ${i} names fragment ${insight.fragment}, which is not a customer fragment of the prompt`);
    }
    if (!(insight.importance >= 0 && insight.importance <= 1)) throw new Unusable(`insight ${i} has an importance outside 0 to 1`);
    if (insight.summary.length > MAX_INSIGHT_SUMMARY_CHARS) throw new Unusable(`insight ${i} has a summary longer than ${MAX_INSIGHT_SUMMARY_CHARS} characters`);
    const span = quoteSpan(fragment.text, insight.text);
    if (!span) throw new Unusable(`insight ${i} quotes words that are not in fragment ${insight.fragment}`);
    const key = `${insight.fragment}:${insight.type}:${span.start}:${span.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    insights.push({
      position: insight.fragment,
      type: insight.type,
      text: fragment.text.slice(span.start, span.end),
      summary: insight.summary.trim() === '' ? null : insight.summary.trim(),
      sentiment: sentiment.get(insight.fragment) ?? 0,
      importance: Math.round(insight.importance * 1000) / 1000,
      start: span.start,
    });
  });
  return insights.sort((a, b) => a.position - b.position || a.start - b.start).map(({ start: _start, ...insight }) => insight);
}

export function chatCompletionsAnalyzer(options: ChatCompletionsAnalyzerOptions, fallback: Analyzer): Analyzer {
  const url = `${options.baseUrl}/chat/completions`;
  const logger = options.logger;

  async function ask(input: AnalyzerInput, local: ConversationAnalysis, prompt: ReturnType<typeof chatPrompt>): Promise<ConversationAnalysis> {
    const outcome = await postOpenAiCompatible(
      url,
      options.apiKey,
      {
        model: options.model,
        messages: prompt.messages,
        temperature: 0,
        stream: false,
        response_format: { type: 'json_schema', json_schema: { name: ANSWER_SCHEMA_NAME, strict: true, schema: ANSWER_SCHEMA } },
      },
      options.timeoutMs,
    );
    if (!outcome.ok) {
      if (outcome.serverMessage) logger.debug({ model: options.model, serverMessage: outcome.serverMessage }, 'chat-completions server error');
      throw new Unusable(outcome.reason);
    }
    const answer = parseAnswer(contentOf(outcome.body));
    const complete = prompt.sent.length === input.fragments.length;
    if (answer.summary.length > MAX_SUMMARY_CHARS) throw new Unusable(`the summary is longer than ${MAX_SUMMARY_CHARS} characters`);
    const sent = new Set(prompt.sent.map((f) => f.position));
    const insights = [...verifiedInsights(answer, input, sent, local), ...local.insights.filter((insight) => !sent.has(insight.position))];
    const summary = answer.summary.trim();
    return {
      ...local,
      summary: complete && summary !== '' ? summary : local.summary,
      insights: insights.sort((a, b) => a.position - b.position),
    };
  }

  return {
    name: 'openai-compatible',
    async analyze(input, analyzerOptions) {
      const local = await fallback.analyze(input, analyzerOptions);
      const prompt = chatPrompt(input, analyzerOptions, options.maxInputChars);
      const started = performance.now();
      const fallBack = (reason: string) => {
        logger.warn({ model: options.model, reason, fragments: input.fragments.length }, 'chat-completions analysis not used; the local analyzer\'s result is kept');
        return local;
      };
      if (prompt.sent.length === 0) return fallBack('the first fragment alone is longer than ANALYZER_MAX_INPUT_CHARS');
      try {
        const analysis = await ask(input, local, prompt);
        logger.debug({ model: options.model, insights: analysis.insights.length, sentFragments: prompt.sent.length, ms: Math.round(performance.now() - started) }, 'chat-completions analysis used');
        return analysis;
      } catch (error) {
        if (error instanceof Unusable) return fallBack(error.message);
        logger.debug({ err: error }, 'chat-completions analysis failed unexpectedly');
        return fallBack(`unexpected error: ${error instanceof Error ? error.name : typeof error}`);
      }
    },
  };
}
