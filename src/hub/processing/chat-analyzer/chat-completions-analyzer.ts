/**
 * The optional analyzer that asks an OpenAI-compatible chat-completions
 * endpoint (Ollama, vLLM, LM Studio, a hosted API) for a conversation's
 * insights and summary: `ANALYZER=openai-compatible` (docs/processing.md
 * "Analyzers").
 *
 * - The local analyzer always runs first. Language, sentiment, keywords and
 *   the fragments' scores are always its own: they are deterministic and
 *   comparable across conversations, which a model's are not. The model
 *   gives the insights and the summary only; an insight's sentiment is its
 *   quoted span scored as the local analyzer scores its own insights
 *   (span-sentiment.ts).
 * - The request asks for `response_format: json_schema` with `strict: true`
 *   (answer-schema.ts), temperature 0 and at most `MAX_ANSWER_TOKENS`. A
 *   server that refuses it answers 4xx, which is a fallback like any other:
 *   no second request in JSON mode, since a schema the server does not
 *   enforce is checked here anyway and the second request would double the
 *   time of every failure.
 * - The answer is trusted only whole. Any of these keeps the local result,
 *   unchanged, and logs the reason at warn: no answer within the timeout,
 *   a non-2xx, an answer over `maxAnswerBytes`, a cut or refused answer,
 *   content that is not JSON, a schema violation, more insights than
 *   `MAX_INSIGHTS_PER_FRAGMENT` times the customer fragments sent, an
 *   importance outside 0 to 1, an insight naming a fragment that was not
 *   sent or is not the customer's, a quote that is not in its fragment
 *   (after quote-span.ts forgives small slips), or any other error. An
 *   over-long summary is cut, not refused: it invents nothing.
 * - The result's `analyzer` says whose insights and summary it holds:
 *   `openai-compatible`, or `local` when the fallback's result is returned.
 * - Fragments past `maxInputChars` (chat-prompt.ts) keep the local
 *   analyzer's insights; the conversation keeps its local extractive summary
 *   then, since a summary of the first part would misstate the whole.
 * - An aborted `signal` is no fallback: the caller no longer wants a
 *   result, and the call rejects with the signal's reason.
 * - Logs carry the model, the reason and counts, never the customer's words
 *   or the key; the server's own error text, which may quote the request,
 *   is logged at debug only, without the key (openai-compatible-api.ts).
 *
 * Guarded by chat-completions-analyzer.test.ts against a local fake server.
 */
import type { Logger } from '../../../platform/logging/logger.ts';
import { customerSide } from '../analysis/customer-side.ts';
import type { Analyzer, AnalyzerInput, ConversationAnalysis, InsightAnalysis } from '../analyzer.ts';
import { postOpenAiCompatible } from '../openai-compatible-api.ts';
import { ANSWER_SCHEMA, ANSWER_SCHEMA_NAME, answerViolation, type Answer } from './answer-schema.ts';
import { chatPrompt } from './chat-prompt.ts';
import { quoteFinder } from './quote-span.ts';
import { spanSentiment } from './span-sentiment.ts';

export interface ChatCompletionsAnalyzerOptions {
  /** The API base (config `ANALYZER_BASE_URL`), such as http://127.0.0.1:11434/v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly maxInputChars: number;
  readonly logger: Logger;
  /** A larger answer is abandoned; default `MAX_ANSWER_BYTES`. */
  readonly maxAnswerBytes?: number;
}

const MAX_SUMMARY_CHARS = 2000;
const MAX_INSIGHT_SUMMARY_CHARS = 500;
/** About 20 insights with their quotes and the summary; with the default ANALYZER_MAX_INPUT_CHARS the whole exchange fits a 4,096-token context (docs/processing.md). */
const MAX_ANSWER_TOKENS = 1536;
/** MAX_ANSWER_TOKENS are some 6 KiB of JSON; a server that sends far more is not answering this request. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** A statement gives at most one insight, and a fragment holds a few statements. */
const MAX_INSIGHTS_PER_FRAGMENT = 3;

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

/** `text` trimmed and cut to `max` characters at a word, with an ellipsis; null when empty. */
function cutSummary(text: string, max: number): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.length <= max) return trimmed;
  const head = trimmed.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  const cut = space > max / 2 ? head.slice(0, space) : head.replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}…`;
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
function verifiedInsights(answer: Answer, input: AnalyzerInput, sent: ReadonlySet<number>): InsightAnalysis[] {
  const isCustomer = customerSide(input.participants);
  const fragments = new Map(input.fragments.map((f) => [f.position, f]));
  const customerSent = input.fragments.filter((f) => sent.has(f.position) && isCustomer(f)).length;
  if (answer.insights.length > MAX_INSIGHTS_PER_FRAGMENT * customerSent) {
    throw new Unusable(`the answer has ${answer.insights.length} insights for ${customerSent} customer fragments (at most ${MAX_INSIGHTS_PER_FRAGMENT} each)`);
  }
  const finders = new Map<number, ReturnType<typeof quoteFinder>>();
  const insights: (InsightAnalysis & { start: number; end: number })[] = [];
  answer.insights.forEach((insight, i) => {
    const fragment = fragments.get(insight.fragment);
    if (!fragment || !sent.has(insight.fragment) || !isCustomer(fragment)) {
      throw new Unusable(`insight ${i} names fragment ${insight.fragment}, which is not a customer fragment of the prompt`);
    }
    if (!(insight.importance >= 0 && insight.importance <= 1)) throw new Unusable(`insight ${i} has an importance outside 0 to 1`);
    let find = finders.get(insight.fragment);
    if (!find) finders.set(insight.fragment, (find = quoteFinder(fragment.text)));
    const span = find(insight.text);
    if (!span) throw new Unusable(`insight ${i} quotes words that are not in fragment ${insight.fragment}`);
    // The same words given twice as one type, exactly or with a slip (a stop left off), are one insight: the first.
    if (insights.some((kept) => kept.position === insight.fragment && kept.type === insight.type && kept.start < span.end && span.start < kept.end)) return;
    const text = fragment.text.slice(span.start, span.end);
    insights.push({
      position: insight.fragment,
      type: insight.type,
      text,
      summary: cutSummary(insight.summary, MAX_INSIGHT_SUMMARY_CHARS),
      sentiment: spanSentiment(text, insight.type),
      importance: Math.round(insight.importance * 1000) / 1000,
      start: span.start,
      end: span.end,
    });
  });
  return insights.sort((a, b) => a.position - b.position || a.start - b.start).map(({ start: _start, end: _end, ...insight }) => insight);
}

export function chatCompletionsAnalyzer(options: ChatCompletionsAnalyzerOptions, fallback: Analyzer): Analyzer {
  const url = `${options.baseUrl}/chat/completions`;
  const logger = options.logger;

  async function ask(input: AnalyzerInput, local: ConversationAnalysis, prompt: ReturnType<typeof chatPrompt>, signal: AbortSignal | undefined): Promise<ConversationAnalysis> {
    const outcome = await postOpenAiCompatible({
      url,
      apiKey: options.apiKey,
      payload: {
        model: options.model,
        messages: prompt.messages,
        temperature: 0,
        max_tokens: MAX_ANSWER_TOKENS,
        stream: false,
        response_format: { type: 'json_schema', json_schema: { name: ANSWER_SCHEMA_NAME, strict: true, schema: ANSWER_SCHEMA } },
      },
      timeoutMs: options.timeoutMs,
      maxAnswerBytes: options.maxAnswerBytes ?? MAX_ANSWER_BYTES,
      logger,
      signal,
    });
    if (!outcome.ok) throw new Unusable(outcome.reason);
    const answer = parseAnswer(contentOf(outcome.body));
    const complete = prompt.sent.length === input.fragments.length;
    const sent = new Set(prompt.sent.map((f) => f.position));
    const insights = [...verifiedInsights(answer, input, sent), ...local.insights.filter((insight) => !sent.has(insight.position))];
    const summary = cutSummary(answer.summary, MAX_SUMMARY_CHARS);
    return {
      ...local,
      analyzer: 'openai-compatible',
      summary: complete && summary !== null ? summary : local.summary,
      insights: insights.sort((a, b) => a.position - b.position),
    };
  }

  return {
    name: 'openai-compatible',
    async analyze(input, analyzerOptions, signal) {
      signal?.throwIfAborted();
      const local = await fallback.analyze(input, analyzerOptions, signal);
      const prompt = chatPrompt(input, analyzerOptions, options.maxInputChars);
      const started = performance.now();
      const fallBack = (reason: string) => {
        logger.warn({ model: options.model, reason, fragments: input.fragments.length }, 'chat-completions analysis not used; the local analyzer\'s result is kept');
        return local;
      };
      if (prompt.sent.length === 0) return fallBack('the first fragment alone is longer than ANALYZER_MAX_INPUT_CHARS');
      try {
        const analysis = await ask(input, local, prompt, signal);
        logger.debug({ model: options.model, insights: analysis.insights.length, sentFragments: prompt.sent.length, ms: Math.round(performance.now() - started) }, 'chat-completions analysis used');
        return analysis;
      } catch (error) {
        signal?.throwIfAborted();
        if (error instanceof Unusable) return fallBack(error.message);
        logger.debug({ err: error }, 'chat-completions analysis failed unexpectedly');
        return fallBack(`unexpected error: ${error instanceof Error ? error.name : typeof error}`);
      }
    },
  };
}
