/**
 * How much one request or one conversation may hold (docs/processing.md
 * "Limits"). An upload is read into memory whole, because every
 * conversation in it is checked before any is stored: `MAX_UPLOAD_BYTES`
 * times IMPORT_CONCURRENCY bounds what uploads in progress hold.
 */
export const INGESTION_LIMITS = {
  /** Bytes of one request body. */
  uploadBytes: 8 * 1024 * 1024,
  /** Conversations in one request. */
  conversations: 1_000,
  /** Utterances (and transcript cues) of one conversation. */
  utterances: 10_000,
  /** Characters of one utterance's text. */
  utteranceChars: 20_000,
  /** Participants of one conversation. */
  participants: 500,
  /** Characters of an id (a service's id of the conversation), as for the importer's ids. */
  idChars: 500,
  titleChars: 1_000,
  nameChars: 200,
  emailChars: 320,
  phoneChars: 50,
} as const;
