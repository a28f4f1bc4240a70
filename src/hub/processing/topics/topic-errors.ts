/**
 * Errors of the topic-model API (`/api/topic-models`, docs/processing.md
 * "Topics"), in the hub's OData JSON error body. Any of them means nothing
 * was written.
 */
import { defineError } from '../../../platform/errors/app-error.ts';

export const TopicErrors = {
  TOPICS_MODEL_NOT_FOUND: defineError('TOPICS_MODEL_NOT_FOUND', 404, 'There is no topic model %s in this workspace'),
  TOPICS_INVALID_BODY: defineError('TOPICS_INVALID_BODY', 400, '%s'),
  TOPICS_INVALID_FILTER: defineError('TOPICS_INVALID_FILTER', 400, 'filter is not a valid OData $filter over Insights: %s'),
  TOPICS_TOO_MANY_MODELS: defineError('TOPICS_TOO_MANY_MODELS', 409, 'A workspace has at most %s topic models; delete one first'),
  TOPICS_DEFAULT_MODEL: defineError('TOPICS_DEFAULT_MODEL', 409, 'The default topic model %s cannot be deleted; change its filter instead'),
} as const;
