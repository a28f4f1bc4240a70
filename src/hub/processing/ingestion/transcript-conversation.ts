/**
 * One transcript file and the query parameters that describe it, as one
 * conversation (docs/importer.md "Conversations", "A transcript file"):
 *
 *   POST /import/conversations?id=call-42&type=call&started_at=2026-01-05T10:00:00Z
 *        &customer=Ada%20Lovelace%20%3Cada%40acme.test%3E&internal=Bob
 *
 * - `id`, `type`, `started_at` are required; `title`, `ended_at`,
 *   `language`, `direction`, `service` are optional, as in JSON.
 * - `customer`, `internal`, `agent`, `bot` (each repeatable) declare a
 *   participant with that role: `Name` or `Name <email>`.
 * - Each speaker of the file (a WebVTT voice, or the `Name:` a cue or line
 *   opens with) must be declared, unless `default_role` gives the role of
 *   the undeclared ones. A cue that opens with `Name:` is taken as said by
 *   that speaker only when the name is declared, or when `default_role` is
 *   given: "Note: …" in a caption stays text.
 */
import type { ParticipantRole } from '../analyzer.ts';
import { PARTICIPANT_ROLES } from '../analyzer.ts';
import { checkConversation, type CheckedConversation, type ConversationInput, type ParticipantInput } from './conversation-input.ts';
import { IngestionErrors } from './ingestion-errors.ts';
import { INGESTION_LIMITS } from './ingestion-limits.ts';
import { parsePlainTranscript } from './plain-transcript.ts';
import { speakerPrefix, type TranscriptCue } from './transcript-cue.ts';
import { parseSubRip, parseWebVtt } from './webvtt-transcript.ts';

export type TranscriptFormat = 'webvtt' | 'subrip' | 'plain';

const PARSERS: Readonly<Record<TranscriptFormat, (text: string) => TranscriptCue[]>> = {
  webvtt: parseWebVtt,
  subrip: parseSubRip,
  plain: parsePlainTranscript,
};

const SINGLE = ['id', 'type', 'title', 'started_at', 'ended_at', 'language', 'direction', 'service', 'default_role'] as const;
export const TRANSCRIPT_PARAMETERS: readonly string[] = [...SINGLE, ...PARTICIPANT_ROLES];

// "Ada Lovelace <ada@acme.test>", or just the name.
const NAME_AND_EMAIL = /^(.*?)\s*<([^<>]*)>$/;

function invalid(name: string, problem: string): Error {
  return IngestionErrors.INGESTION_INVALID_PARAMETER([name, problem], { target: name });
}

function metadata(params: URLSearchParams): Partial<Record<(typeof SINGLE)[number], string>> {
  const unknown = [...new Set(params.keys())].find((name) => !TRANSCRIPT_PARAMETERS.includes(name));
  if (unknown !== undefined) throw invalid(unknown, `there is no such parameter; a transcript takes ${TRANSCRIPT_PARAMETERS.join(', ')}`);
  const values: Partial<Record<(typeof SINGLE)[number], string>> = {};
  for (const name of SINGLE) {
    const all = params.getAll(name);
    if (all.length > 1) throw invalid(name, 'given more than once');
    if (all[0] !== undefined) values[name] = all[0];
  }
  return values;
}

function declaredParticipants(params: URLSearchParams): ParticipantInput[] {
  const declared: ParticipantInput[] = [];
  for (const [name, value] of params) {
    if (!(PARTICIPANT_ROLES as readonly string[]).includes(name)) continue;
    const match = NAME_AND_EMAIL.exec(value.trim());
    const person = match ? { name: match[1]!.trim() || null, email: match[2]!.trim() || null } : { name: value.trim() || null, email: null };
    if (person.name === null && person.email === null) throw invalid(name, 'give a name, "Name <email>" or "<email>"');
    declared.push({ ...person, role: name });
  }
  return declared;
}

/** The conversation of a transcript upload: its utterances from the file, the rest from the query. */
export function transcriptConversation(format: TranscriptFormat, text: string, params: URLSearchParams): CheckedConversation {
  const meta = metadata(params);
  const defaultRole = meta.default_role;
  if (defaultRole !== undefined && !(PARTICIPANT_ROLES as readonly string[]).includes(defaultRole)) throw invalid('default_role', `must be one of ${PARTICIPANT_ROLES.join(', ')}, not ${JSON.stringify(defaultRole)}`);
  const participants = declaredParticipants(params);
  const known = new Set(participants.flatMap((p) => [p.name, p.email]).filter((v): v is string => !!v).map((v) => v.toLowerCase()));

  const parsed = PARSERS[format](text);
  if (parsed.length > INGESTION_LIMITS.utterances) throw IngestionErrors.INGESTION_TOO_MANY_UTTERANCES(['The transcript', INGESTION_LIMITS.utterances]);
  const cues = parsed.map((cue) => {
    if (cue.speaker !== null || format === 'plain') return cue;
    const prefixed = speakerPrefix(cue.text);
    return prefixed && prefixed.text !== '' && (defaultRole !== undefined || known.has(prefixed.speaker.toLowerCase())) ? { ...cue, ...prefixed } : cue;
  });
  for (const cue of cues) {
    if (cue.speaker === null || known.has(cue.speaker.toLowerCase())) continue;
    if (defaultRole === undefined) {
      const roles = PARTICIPANT_ROLES.map((role) => `${role}=${cue.speaker}`).join(', ');
      throw IngestionErrors.INGESTION_UNKNOWN_SPEAKER([`Line ${cue.line}`, JSON.stringify(cue.speaker), `declare them with one of ${roles}, or give default_role`], { target: `line ${cue.line}` });
    }
    participants.push({ name: cue.speaker, role: defaultRole as ParticipantRole });
    known.add(cue.speaker.toLowerCase());
  }

  const input: ConversationInput = {
    id: meta.id!,
    type: meta.type!,
    title: meta.title,
    started_at: meta.started_at!,
    ended_at: meta.ended_at,
    language: meta.language,
    direction: meta.direction,
    service: meta.service,
    participants,
    utterances: cues.map((cue) => ({ speaker: cue.speaker, start_ms: cue.startMs, end_ms: cue.endMs, text: cue.text })),
  };
  // Problems of the metadata point at their parameter, those of an utterance at its line.
  return checkConversation(input, {
    label: 'The transcript',
    target: (path) => {
      const utterance = /^utterances\[(\d+)\]/.exec(path);
      if (utterance) return `line ${cues[Number(utterance[1])]!.line}`;
      const participant = /^participants\[(\d+)\]/.exec(path);
      return participant ? (participants[Number(participant[1])]?.role ?? 'participants') : path;
    },
  });
}
