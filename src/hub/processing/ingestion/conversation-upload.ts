/**
 * An upload of conversations (docs/importer.md "Conversations"), from its
 * media type, bytes and query parameters to the checked conversations it
 * holds. The whole upload is checked before anything is stored, so a
 * request either stores all its conversations or none.
 */
import { checkConversations, type CheckedConversation } from './conversation-input.ts';
import { IngestionErrors } from './ingestion-errors.ts';
import { INGESTION_LIMITS } from './ingestion-limits.ts';
import { parseJsonConversations, parseNdjsonConversations } from './json-conversations.ts';
import { transcriptConversation, type TranscriptFormat } from './transcript-conversation.ts';
import { uploadText } from './upload-text.ts';

type UploadFormat = 'json' | 'ndjson' | TranscriptFormat;

/** Media types (RFC 6838 names, and the aliases tools send) and the formats they carry. */
const MEDIA_TYPES: Readonly<Record<string, UploadFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'text/vtt': 'webvtt',
  'application/x-subrip': 'subrip',
  'text/srt': 'subrip',
  'text/plain': 'plain',
};

/** The format of a Content-Type header, which may declare no charset or UTF-8; undefined for any other. */
export function uploadFormat(contentType: string | undefined): UploadFormat | undefined {
  const [type = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return undefined;
  return MEDIA_TYPES[type];
}

export function requireUploadFormat(contentType: string | undefined): UploadFormat {
  const format = uploadFormat(contentType);
  if (!format) throw IngestionErrors.INGESTION_UNSUPPORTED_MEDIA_TYPE([contentType ? JSON.stringify(contentType) : 'a request without Content-Type']);
  return format;
}

const EXPECTED: Readonly<Record<UploadFormat, string>> = {
  json: 'a JSON array of conversations',
  ndjson: 'one JSON conversation per line',
  webvtt: 'a WebVTT transcript',
  subrip: 'a SubRip transcript',
  plain: 'a transcript of "Speaker: text" lines',
};

export function parseUpload(format: UploadFormat, bytes: Buffer, params: URLSearchParams): CheckedConversation[] {
  const text = uploadText(bytes);
  if (text.trim() === '') throw IngestionErrors.INGESTION_EMPTY_BODY([EXPECTED[format]]);
  if (format === 'json' || format === 'ndjson') {
    const [parameter] = params.keys();
    if (parameter !== undefined) {
      throw IngestionErrors.INGESTION_INVALID_PARAMETER([parameter, 'query parameters describe a transcript file; each JSON conversation carries its own properties'], { target: parameter });
    }
    return checkConversations(format === 'json' ? parseJsonConversations(text) : parseNdjsonConversations(text, INGESTION_LIMITS.conversations));
  }
  return [transcriptConversation(format, text, params)];
}
