/**
 * A conversation as ingestion receives it (docs/processing.md "Ingestion"),
 * and the check that turns it into what the pipeline stores.
 *
 *   {"id": "call-42", "type": "call", "title": "Renewal", "started_at": "2026-01-05T10:00:00Z",
 *    "participants": [{"name": "Ada", "email": "ada@acme.test", "role": "customer"}],
 *    "utterances": [{"speaker": "Ada", "start_ms": 0, "end_ms": 4200, "text": "We need SSO."}]}
 *
 * - `id` is the conversation's id in its service (Conversations.service_id);
 *   `service` (an identifier or a name of docs/odata.md "Services") defaults
 *   to Manual Upload. The pair is the conversation's key: the same pair
 *   again updates it.
 * - `title`, `ended_at`, `language`, `direction` and `service` may be left
 *   out; unknown properties are refused, so a misspelt one is not lost.
 * - Date-times are RFC 3339 with an offset (`Z` or `+02:00`).
 * - An utterance's `speaker` is a participant's name or email (any case);
 *   null or absent: said by no known participant. A speaker who is not a
 *   participant is an error (INGESTION_UNKNOWN_SPEAKER), not a new
 *   participant: the role decides which statements are the customer's.
 *
 * The first problem found is thrown, with `target` the JSON path to it.
 */
import type { ParticipantRole } from '../analyzer.ts';
import { PARTICIPANT_ROLES } from '../analyzer.ts';
import { ENTITY_SETS } from '../../odata/model/registry.ts';
import type { SourceUtterance } from '../../../platform/db/schema.ts';
import { IngestionErrors } from './ingestion-errors.ts';
import { INGESTION_LIMITS } from './ingestion-limits.ts';
import { findService, MANUAL_UPLOAD } from './source-service.ts';

export interface ParticipantInput {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly role: string;
}

export interface UtteranceInput {
  readonly speaker?: string | null;
  readonly start_ms?: number | null;
  readonly end_ms?: number | null;
  readonly text: string;
}

export interface ConversationInput {
  readonly id: string;
  readonly type: string;
  readonly title?: string | null;
  readonly started_at: string;
  readonly ended_at?: string | null;
  readonly language?: string | null;
  readonly direction?: string | null;
  readonly service?: string | null;
  readonly participants: readonly ParticipantInput[];
  readonly utterances: readonly UtteranceInput[];
}

export interface CheckedParticipant {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: ParticipantRole;
}

/** A conversation that passed every check: what ingestion stores. */
export interface CheckedConversation {
  readonly serviceId: string;
  readonly service: string;
  readonly type: string;
  readonly title: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly language: string | null;
  readonly direction: string | null;
  readonly participants: readonly CheckedParticipant[];
  readonly utterances: readonly SourceUtterance[];
}

/** Where a conversation sits in its upload: the start of each message, and the target of each property. */
export interface InputPlace {
  readonly label: string;
  target(path: string): string;
}

/** The `index`-th conversation of a JSON upload: messages say "Conversation 3", targets are `[3].…`. */
export function itemPlace(index: number): InputPlace {
  return { label: `Conversation ${index}`, target: (path) => (path === '' ? `[${index}]` : `[${index}].${path}`) };
}

const conversationValues = (property: string) => ENTITY_SETS.find((s) => s.name === 'Conversations')!.properties.find((p) => p.name === property)!.values!;
const TYPES = conversationValues('type');
const DIRECTIONS = conversationValues('direction');

const CONVERSATION_KEYS = ['id', 'type', 'title', 'started_at', 'ended_at', 'language', 'direction', 'service', 'participants', 'utterances'];
const PARTICIPANT_KEYS = ['name', 'email', 'phone', 'role'];
const UTTERANCE_KEYS = ['speaker', 'start_ms', 'end_ms', 'text'];

// RFC 3339 §5.6 date-time: full-date "T" full-time, with a time offset.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
// RFC 5646 §2.1, loosely: a primary language subtag and optional subtags.
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
// The WHATWG rule browsers apply to type=email, as platform/tenancy applies it to users.
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_OFFSET_MS = 7 * 24 * 3600 * 1000;

const describe = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

class Checker {
  readonly #place: InputPlace;

  constructor(place: InputPlace) {
    this.#place = place;
  }

  fail(path: string, expected: string, value: unknown): never {
    throw IngestionErrors.INGESTION_INVALID_VALUE([this.#place.label, path || 'the conversation', expected, describe(value)], { target: this.#place.target(path) });
  }

  object(path: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object', value);
    const unknown = Object.keys(value).find((key) => !keys.includes(key));
    if (unknown !== undefined) {
      const at = path ? `${path}.${unknown}` : unknown;
      throw IngestionErrors.INGESTION_UNKNOWN_PROPERTY([this.#place.label, JSON.stringify(unknown), keys.join(', ')], { target: this.#place.target(at) });
    }
    return value as Record<string, unknown>;
  }

  required(path: string, value: unknown): void {
    if (value === undefined || value === null) throw IngestionErrors.INGESTION_MISSING_PROPERTY([this.#place.label, path], { target: this.#place.target(path) });
  }

  /** A string of 1 to `max` characters without NUL (PostgreSQL text cannot hold it), trimmed; null when absent. */
  text(path: string, value: unknown, max: number, required = false): string | null {
    if (required) this.required(path, value);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    if (value.includes('\u0000')) this.fail(path, 'text without NUL characters', value);
    const trimmed = value.trim();
    if (trimmed === '') {
      if (required) this.fail(path, 'a non-empty string', value);
      return null;
    }
    if (trimmed.length > max) this.fail(path, `at most ${max} characters long`, value);
    return trimmed;
  }

  oneOf(path: string, value: unknown, values: readonly string[], required = false): string | null {
    if (required) this.required(path, value);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || !values.includes(value)) this.fail(path, `one of ${values.join(', ')}`, value);
    return value;
  }

  dateTime(path: string, value: unknown, required = false): Date | null {
    if (required) this.required(path, value);
    if (value === undefined || value === null) return null;
    const date = typeof value === 'string' && DATE_TIME.test(value) ? new Date(value) : undefined;
    // Date accepts 2026-02-30 as 2026-03-02: the day must survive the round trip.
    if (!date || Number.isNaN(date.getTime()) || !sameDay(value as string, date)) this.fail(path, 'an RFC 3339 date-time with an offset, such as 2026-01-05T10:00:00Z', value);
    return date;
  }

  offset(path: string, value: unknown): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_OFFSET_MS) this.fail(path, `a whole number of milliseconds from 0 to ${MAX_OFFSET_MS}`, value);
    return value;
  }

  array(path: string, value: unknown): readonly unknown[] {
    this.required(path, value);
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }
}

/** The calendar day of an RFC 3339 date-time, as written, is the day the Date holds in that offset. */
function sameDay(text: string, date: Date): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 10) === text.slice(0, 10);
}

const key = (value: string | null) => value?.toLowerCase() ?? null;

function checkParticipants(check: Checker, place: InputPlace, values: readonly unknown[]): CheckedParticipant[] {
  if (values.length > INGESTION_LIMITS.participants) check.fail('participants', `at most ${INGESTION_LIMITS.participants} participants`, `${values.length} participants`);
  const participants = values.map((value, i): CheckedParticipant => {
    const path = `participants[${i}]`;
    const p = check.object(path, value, PARTICIPANT_KEYS);
    const name = check.text(`${path}.name`, p.name, INGESTION_LIMITS.nameChars);
    const email = check.text(`${path}.email`, p.email, INGESTION_LIMITS.emailChars);
    if (email !== null && !EMAIL.test(email)) check.fail(`${path}.email`, 'an email address', p.email);
    const phone = check.text(`${path}.phone`, p.phone, INGESTION_LIMITS.phoneChars);
    const role = check.oneOf(`${path}.role`, p.role, PARTICIPANT_ROLES, true) as ParticipantRole;
    if (name === null && email === null) throw IngestionErrors.INGESTION_MISSING_PROPERTY([place.label, `${path}.name or ${path}.email`], { target: place.target(`${path}.name`) });
    return { name, email, phone, role };
  });
  // A speaker names a participant by name or email: each must point at one participant.
  const seen = new Map<string, number>();
  participants.forEach((p, i) => {
    for (const [what, value] of [['name', key(p.name)], ['email', key(p.email)]] as const) {
      if (value === null) continue;
      const first = seen.get(value);
      if (first !== undefined && first !== i) {
        throw IngestionErrors.INGESTION_DUPLICATE_PARTICIPANT([place.label, first, i, what, JSON.stringify(value)], { target: place.target(`participants[${i}].${what}`) });
      }
      seen.set(value, i);
    }
  });
  return participants;
}

function speakerIndex(participants: readonly CheckedParticipant[]): Map<string, number> {
  const index = new Map<string, number>();
  participants.forEach((p, i) => {
    if (p.name !== null) index.set(p.name.toLowerCase(), i);
    if (p.email !== null) index.set(p.email.toLowerCase(), i);
  });
  return index;
}

function checkUtterances(check: Checker, place: InputPlace, values: readonly unknown[], participants: readonly CheckedParticipant[]): SourceUtterance[] {
  if (values.length === 0) throw IngestionErrors.INGESTION_NO_UTTERANCES([place.label], { target: place.target('utterances') });
  if (values.length > INGESTION_LIMITS.utterances) throw IngestionErrors.INGESTION_TOO_MANY_UTTERANCES([place.label, INGESTION_LIMITS.utterances], { target: place.target('utterances') });
  const speakers = speakerIndex(participants);
  return values.map((value, j): SourceUtterance => {
    const path = `utterances[${j}]`;
    const u = check.object(path, value, UTTERANCE_KEYS);
    check.required(`${path}.text`, u.text);
    if (typeof u.text === 'string' && u.text.length > INGESTION_LIMITS.utteranceChars) {
      throw IngestionErrors.INGESTION_UTTERANCE_TOO_LONG([`${place.label}, ${path}`, u.text.length, INGESTION_LIMITS.utteranceChars], { target: place.target(`${path}.text`) });
    }
    const text = check.text(`${path}.text`, u.text, INGESTION_LIMITS.utteranceChars, true)!;
    const speaker = check.text(`${path}.speaker`, u.speaker, Math.max(INGESTION_LIMITS.nameChars, INGESTION_LIMITS.emailChars));
    let participant: number | null = null;
    if (speaker !== null) {
      const found = speakers.get(speaker.toLowerCase());
      if (found === undefined) {
        throw IngestionErrors.INGESTION_UNKNOWN_SPEAKER([place.label, JSON.stringify(speaker), 'name a participant by its name or email, or leave the speaker out'], { target: place.target(`${path}.speaker`) });
      }
      participant = found;
    }
    const start = check.offset(`${path}.start_ms`, u.start_ms);
    const end = check.offset(`${path}.end_ms`, u.end_ms);
    if (start !== null && end !== null && end < start) check.fail(`${path}.end_ms`, `at least start_ms (${start})`, end);
    return { participant, start_ms: start, end_ms: end, text };
  });
}

/** Checks one conversation of an upload; throws the first problem (an AppError of IngestionErrors). */
export function checkConversation(value: unknown, place: InputPlace): CheckedConversation {
  const check = new Checker(place);
  const c = check.object('', value, CONVERSATION_KEYS);
  const serviceId = check.text('id', c.id, INGESTION_LIMITS.idChars, true)!;
  const type = check.oneOf('type', c.type, TYPES, true)!;
  const title = check.text('title', c.title, INGESTION_LIMITS.titleChars);
  const startedAt = check.dateTime('started_at', c.started_at, true)!;
  const endedAt = check.dateTime('ended_at', c.ended_at);
  if (endedAt !== null && endedAt < startedAt) check.fail('ended_at', `no earlier than started_at (${startedAt.toISOString()})`, c.ended_at);
  const language = check.text('language', c.language, 35);
  if (language !== null && !LANGUAGE_TAG.test(language)) check.fail('language', 'a BCP 47 language tag such as en or pt-BR', c.language);
  const direction = check.oneOf('direction', c.direction, DIRECTIONS);
  const serviceName = check.text('service', c.service, 100);
  const service = serviceName === null ? MANUAL_UPLOAD : findService(serviceName);
  if (service === undefined) throw IngestionErrors.INGESTION_UNKNOWN_SERVICE([place.label, JSON.stringify(serviceName)], { target: place.target('service') });
  const participants = checkParticipants(check, place, check.array('participants', c.participants));
  const utterances = checkUtterances(check, place, check.array('utterances', c.utterances), participants);
  return { serviceId, service, type, title, startedAt, endedAt, language, direction, participants, utterances };
}

/** Checks every conversation of an upload, then that none appears twice; throws the first problem. */
export function checkConversations(values: readonly unknown[]): CheckedConversation[] {
  if (values.length === 0) throw IngestionErrors.INGESTION_NO_CONVERSATIONS();
  if (values.length > INGESTION_LIMITS.conversations) throw IngestionErrors.INGESTION_TOO_MANY_CONVERSATIONS([INGESTION_LIMITS.conversations]);
  const checked = values.map((value, i) => checkConversation(value, itemPlace(i)));
  const seen = new Map<string, number>();
  checked.forEach((c, i) => {
    const key = `${c.service} ${c.serviceId}`;
    const first = seen.get(key);
    if (first !== undefined) throw IngestionErrors.INGESTION_DUPLICATE_CONVERSATION([first, i, JSON.stringify(c.serviceId)], { target: `[${i}].id` });
    seen.set(key, i);
  });
  return checked;
}
