/**
 * What the chat model must answer (docs/processing.md "Analyzers"): the
 * JSON schema sent as `response_format` and the validator that holds the
 * answer to it.
 *
 * The schema keeps to the subset every structured-output implementation
 * (OpenAI's strict mode, Ollama's and vLLM's grammars) accepts: every
 * property required, `additionalProperties: false`, no length or numeric
 * bounds. The bounds are checked after validation instead
 * (chat-completions-analyzer.ts), with the quotes.
 */
import { Ajv } from 'ajv';
import { INSIGHT_TYPES, type InsightType } from '../analyzer.ts';

export const ANSWER_SCHEMA_NAME = 'conversation_insights';

export const ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'insights'],
  properties: {
    summary: { type: 'string', description: 'Two or three sentences on what the conversation was about and how it ended.' },
    insights: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fragment', 'type', 'text', 'summary', 'importance'],
        properties: {
          fragment: { type: 'integer', description: 'The number in brackets of the customer fragment that holds the words.' },
          type: { type: 'string', enum: [...INSIGHT_TYPES] },
          text: { type: 'string', description: 'The customer\'s own words, copied exactly from that fragment.' },
          summary: { type: 'string', description: 'One short sentence saying what the customer wants or reports.' },
          importance: { type: 'number', description: 'From 0 (trivial) to 1 (the team must act).' },
        },
      },
    },
  },
} as const;

export interface AnswerInsight {
  readonly fragment: number;
  readonly type: InsightType;
  readonly text: string;
  readonly summary: string;
  readonly importance: number;
}

export interface Answer {
  readonly summary: string;
  readonly insights: readonly AnswerInsight[];
}

const validate = new Ajv({ strict: true, allErrors: false }).compile<Answer>(ANSWER_SCHEMA);

/** Why `value` is not an `Answer`, naming the place and the rule but never the value (it may be the customer's words); undefined when it is one. */
export function answerViolation(value: unknown): string | undefined {
  if (validate(value)) return undefined;
  const [error] = validate.errors ?? [];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`;
}
