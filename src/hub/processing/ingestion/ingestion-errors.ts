/**
 * Errors of conversation ingestion (docs/processing.md "Ingestion",
 * docs/importer.md "Conversations"), in the hub's OData JSON error body.
 * A request with any of them writes nothing: every conversation of an
 * upload is checked before the first is stored. `target` names what is
 * wrong: a JSON path into the body (`[2].utterances[5].speaker`) or a query
 * parameter.
 */
import { defineError } from '../../../platform/errors/app-error.ts';

export const IngestionErrors = {
  INGESTION_UNSUPPORTED_MEDIA_TYPE: defineError(
    'INGESTION_UNSUPPORTED_MEDIA_TYPE',
    415,
    'Send conversations as application/json or application/x-ndjson, or one transcript as text/vtt, application/x-subrip or text/plain (UTF-8), not %s',
  ),
  INGESTION_EMPTY_BODY: defineError('INGESTION_EMPTY_BODY', 400, 'The body is empty; send %s'),
  INGESTION_BODY_TOO_LARGE: defineError('INGESTION_BODY_TOO_LARGE', 413, 'The body is larger than %s bytes; split the upload into several requests'),
  INGESTION_NOT_UTF8: defineError('INGESTION_NOT_UTF8', 400, 'The body is not UTF-8 text: byte offset %s starts an invalid sequence'),
  INGESTION_NOT_TEXT: defineError('INGESTION_NOT_TEXT', 400, 'The body holds the control character U+%s at byte offset %s; it is not a text file'),
  INGESTION_MALFORMED_JSON: defineError('INGESTION_MALFORMED_JSON', 400, 'Line %s, column %s: %s'),
  INGESTION_MALFORMED_TRANSCRIPT: defineError('INGESTION_MALFORMED_TRANSCRIPT', 400, 'Line %s: %s'),
  INGESTION_TOO_MANY_CONVERSATIONS: defineError('INGESTION_TOO_MANY_CONVERSATIONS', 413, 'The upload holds more than %s conversations; split it into several requests'),
  INGESTION_NO_CONVERSATIONS: defineError('INGESTION_NO_CONVERSATIONS', 400, 'The upload holds no conversation'),
  INGESTION_DUPLICATE_CONVERSATION: defineError('INGESTION_DUPLICATE_CONVERSATION', 400, 'Conversations %s and %s have the same service and id %s; send each conversation once'),
  INGESTION_MISSING_PROPERTY: defineError('INGESTION_MISSING_PROPERTY', 400, '%s: %s is required'),
  INGESTION_UNKNOWN_PROPERTY: defineError('INGESTION_UNKNOWN_PROPERTY', 400, '%s: there is no property %s; the properties are %s'),
  INGESTION_INVALID_VALUE: defineError('INGESTION_INVALID_VALUE', 400, '%s: %s must be %s, not %s'),
  INGESTION_UNKNOWN_SERVICE: defineError('INGESTION_UNKNOWN_SERVICE', 400, '%s: service %s is none of the services docs/odata.md "Services" lists'),
  INGESTION_DUPLICATE_PARTICIPANT: defineError('INGESTION_DUPLICATE_PARTICIPANT', 400, '%s: participants %s and %s share the %s %s; each participant needs a name or email of its own'),
  INGESTION_UNKNOWN_SPEAKER: defineError('INGESTION_UNKNOWN_SPEAKER', 400, '%s: speaker %s is not among the participants; %s'),
  INGESTION_NO_UTTERANCES: defineError('INGESTION_NO_UTTERANCES', 400, '%s: the conversation has no utterances'),
  INGESTION_TOO_MANY_UTTERANCES: defineError('INGESTION_TOO_MANY_UTTERANCES', 413, '%s: more than %s utterances'),
  INGESTION_UTTERANCE_TOO_LONG: defineError('INGESTION_UTTERANCE_TOO_LONG', 413, '%s: the text is %s characters long; the limit is %s'),
  INGESTION_INVALID_PARAMETER: defineError('INGESTION_INVALID_PARAMETER', 400, 'Query parameter %s: %s'),
} as const;
