/**
 * The body of `POST /import/trackers` (docs/importer.md, "Tracker import"),
 * checked before anything is written:
 *
 *   { "service"?: "Jira" | "<uuid>",
 *     "projects"?: [{ id, key, name, url?, created? }],
 *     "issues"?:   [{ id, project_id, key, title, description?, status?, priority?, issue_type?, assignee?, url?, created? }],
 *     "comments"?: [{ id, issue_id, body, author?, created? }] }
 *
 * Every id and reference is the tracker's own id, a string. Properties
 * outside these lists are refused (a typo would otherwise empty a field).
 * Each problem is reported with its place (`issues[3].title`) as the
 * error's target. Date-times are checked later, in SQL, by the CRM
 * importer's rule (field-rules.ts), so the two importers accept the same.
 */
import { SERVICE, SERVICE_NAMES } from '../odata/model/services.ts';
import { MAX_ID_CHARACTERS, MAX_TEXT_CHARACTERS } from './field-rules.ts';
import { TrackerImportErrors } from './tracker-import-errors.ts';

/** Records of all kinds in one body: a bound on the work and the transaction of one request. */
export const MAX_TRACKER_RECORDS = 10_000;
/** Descriptions and comment bodies; their words feed the full-text index (1 MB at most). */
export const MAX_LONG_TEXT_CHARACTERS = 100_000;

/** The services a tracker record may come from: Manual Upload (the default) and the trackers of services.ts. */
export const TRACKER_SERVICES = ['manualUpload', 'jira'] as const satisfies readonly (keyof typeof SERVICE)[];

type FieldKind = 'id' | 'reference' | 'required' | 'text' | 'long' | 'required-long' | 'date-time';

const KINDS = {
  projects: { id: 'id', key: 'required', name: 'required', url: 'text', created: 'date-time' },
  issues: {
    id: 'id', project_id: 'reference', key: 'required', title: 'required', description: 'long', status: 'text', priority: 'text', issue_type: 'text', assignee: 'text', url: 'text', created: 'date-time',
  },
  comments: { id: 'id', issue_id: 'reference', author: 'text', body: 'required-long', created: 'date-time' },
} as const satisfies Record<string, Record<string, FieldKind>>;

export type TrackerKind = keyof typeof KINDS;
export const TRACKER_KINDS = Object.keys(KINDS) as readonly TrackerKind[];

/** One record as sent: every field of its kind, null when left out; `at` is its place in the body. */
export type TrackerRecord<K extends TrackerKind> = { readonly [F in keyof (typeof KINDS)[K]]: (typeof KINDS)[K][F] extends 'id' | 'reference' | 'required' | 'required-long' ? string : string | null } & { readonly at: string };

export interface TrackerImport {
  readonly service: string;
  readonly projects: readonly TrackerRecord<'projects'>[];
  readonly issues: readonly TrackerRecord<'issues'>[];
  readonly comments: readonly TrackerRecord<'comments'>[];
}

const invalid = (at: string, message: string) => TrackerImportErrors.IMPORTER_TRACKER_INVALID_BODY([`${at} ${message}`], at === 'The body' ? {} : { target: at });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readField(kind: FieldKind, value: unknown, at: string): string | null {
  const required = kind === 'id' || kind === 'reference' || kind === 'required' || kind === 'required-long';
  if (value === undefined || value === null) {
    if (required) throw invalid(at, 'is required');
    return null;
  }
  const max = kind === 'id' || kind === 'reference' ? MAX_ID_CHARACTERS : kind === 'long' || kind === 'required-long' ? MAX_LONG_TEXT_CHARACTERS : MAX_TEXT_CHARACTERS;
  const expected = kind === 'date-time' ? 'a date-time string such as "2025-02-06T14:41:38Z"' : `a ${required ? 'non-empty ' : ''}string of at most ${max} characters`;
  if (typeof value !== 'string' || value.length > max || (required && value.trim() === '')) throw invalid(at, `must be ${expected}, not ${describe(value)}`);
  // PostgreSQL's text holds neither NUL nor half of a UTF-16 surrogate pair, both of which JSON can spell (\u0000, \ud800).
  if (value.includes('\u0000') || !value.isWellFormed()) throw invalid(at, 'must be text without NUL characters or unpaired surrogates (\\u0000, \\ud800)');
  return value;
}

function readRecords<K extends TrackerKind>(key: K, list: readonly unknown[]): TrackerRecord<K>[] {
  const fields = KINDS[key] as Readonly<Record<string, FieldKind>>;
  const seen = new Map<string, string>();
  return list.map((item, index) => {
    const at = `${key}[${index}]`;
    if (!isObject(item)) throw invalid(at, `must be an object, not ${describe(item)}`);
    for (const name of Object.keys(item)) {
      if (!(name in fields)) throw invalid(`${at}.${name.slice(0, 100)}`, `is not a field of ${key}; the fields are ${Object.keys(fields).join(', ')}`);
    }
    const record: Record<string, string | null> = { at };
    for (const [name, kind] of Object.entries(fields)) record[name] = readField(kind, item[name], `${at}.${name}`);
    const id = record.id!;
    const first = seen.get(id);
    if (first !== undefined) throw TrackerImportErrors.IMPORTER_TRACKER_DUPLICATE_ID([first, at, JSON.stringify(id)], { target: `${at}.id` });
    seen.set(id, at);
    return record as TrackerRecord<K>;
  });
}

function readService(value: unknown): string {
  if (value === undefined) return SERVICE.manualUpload;
  const known = TRACKER_SERVICES.map((key) => ({ id: SERVICE[key], name: SERVICE_NAMES[key] }));
  const found = typeof value === 'string' ? known.find((s) => s.id === value.toLowerCase() || s.name.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) throw TrackerImportErrors.IMPORTER_TRACKER_UNKNOWN_SERVICE([JSON.stringify(value), known.map((s) => `"${s.name}" (${s.id})`).join(' or ')], { target: 'service' });
  return found.id;
}

export function readTrackerImport(body: unknown): TrackerImport {
  if (!isObject(body)) throw invalid('The body', `must be a JSON object with projects, issues and comments, not ${describe(body)}`);
  for (const name of Object.keys(body)) {
    if (name !== 'service' && !(TRACKER_KINDS as readonly string[]).includes(name)) throw invalid(name.slice(0, 100), `is not a field of the body; the fields are service, ${TRACKER_KINDS.join(', ')}`);
  }
  const lists = Object.fromEntries(
    TRACKER_KINDS.map((key) => {
      const list = body[key] ?? [];
      if (!Array.isArray(list)) throw invalid(key, `must be an array, not ${describe(list)}`);
      return [key, list];
    }),
  ) as Record<TrackerKind, unknown[]>;
  const total = TRACKER_KINDS.reduce((sum, key) => sum + lists[key].length, 0);
  if (total > MAX_TRACKER_RECORDS) throw TrackerImportErrors.IMPORTER_TRACKER_TOO_MANY_RECORDS([total, MAX_TRACKER_RECORDS]);
  return {
    service: readService(body.service),
    projects: readRecords('projects', lists.projects),
    issues: readRecords('issues', lists.issues),
    comments: readRecords('comments', lists.comments),
  };
}
