/**
 * The queue settings document (seed 003, "Export - Import Queues Settings":
 * "queue selections, audio files, chat shortcuts and contact lists"): the
 * center's live menu tree with each menu's settings (cc_menus' columns), its
 * agents by email and teams by name, the names of its stored media, the chat
 * shortcuts and the contact lists. Version 1; docs/contact-center.md shows
 * an example.
 *
 * `includes` says whether the media's bytes travel with it (a ZIP): a
 * document without them leaves the center's media as they are on import.
 *
 * `parseDocument` checks the shape and everything that can be checked
 * without the database (ids unique, parents present, no cycles, unique
 * names); settings-apply.ts checks agents and teams against the center.
 */
import { z } from 'zod';
import { isFileName } from './settings-archive.ts';
import { QueueSettingsErrors } from './queue-settings-errors.ts';

export const DOCUMENT_FORMAT = 'commontime.queue_settings';

export const DOCUMENT_LIMITS = { menus: 1000, assignments: 20_000, shortcuts: 2000, contactLists: 100, contactsPerList: 10_000, contacts: 50_000, filesPerMenu: 50 } as const;

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is "HH:MM"');
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164, such as +14155550100');
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const deflection = z.enum(['voicemail', 'scheduled_call', 'none']);
const text = (max: number) => z.string().max(max).refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'control characters are not allowed');
const name = (max: number) => text(max).refine((value) => value.trim() !== '', 'must not be empty');

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const hours = z.strictObject({
  timezone: z.string().max(64).refine(validTimeZone, 'an IANA time zone, such as America/New_York'),
  days: z.partialRecord(z.enum(DAYS), z.array(z.tuple([TIME, TIME]).refine(([from, to]) => from < to, 'an interval ends after it starts')).max(10)),
});

const mediaFile = z.strictObject({
  name: z.string().refine(isFileName, 'a file name of letters, digits, spaces, dots, dashes and underscores, at most 128'),
  content_type: z.string().max(100).regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a media type such as audio/mpeg'),
  size: z.number().int().nonnegative(),
});

const menu = z.strictObject({
  id,
  parent_id: id.nullable(),
  name: name(255),
  position: z.number().int().min(0).max(100_000),
  menu_type: z.enum(['ivr_menu', 'mobile_menu', 'web_menu']),
  hidden: z.boolean(),
  output_msg: text(5000).nullable(),
  languages: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'an ISO 639-1 code such as en')).min(1).max(20),
  hours: hours.nullable(),
  after_hours_deflection: deflection,
  overcapacity_limit: z.number().int().min(0).max(1_000_000).nullable(),
  overcapacity_deflection: deflection,
  manual_redirection: z.boolean(),
  outbound_numbers: z.array(E164).max(20),
  agent_assignments: z.array(z.string().max(320)).max(1000),
  team_assignments: z.array(name(255)).max(200),
  audio_files: z.array(mediaFile).max(DOCUMENT_LIMITS.filesPerMenu),
  attached_files: z.array(mediaFile).max(DOCUMENT_LIMITS.filesPerMenu),
});

const shortcut = z.strictObject({ menu_id: id.nullable(), lang: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), title: name(100), text: name(5000) });

const contact = z.strictObject({ name: name(255), phone_number: E164, email: z.string().max(320).regex(/^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>.]+$/, 'an email address').nullable() });

const contactList = z.strictObject({ name: name(100), type: z.enum(['global', 'custom']), contacts: z.array(contact).max(DOCUMENT_LIMITS.contactsPerList) });

const documentSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(1),
  exported_at: z.string().max(40),
  includes: z.strictObject({ audio_files: z.boolean(), attached_files: z.boolean() }),
  menus: z.array(menu).max(DOCUMENT_LIMITS.menus),
  chat_shortcuts: z.array(shortcut).max(DOCUMENT_LIMITS.shortcuts),
  contact_lists: z.array(contactList).max(DOCUMENT_LIMITS.contactLists),
});

export type SettingsDocument = z.infer<typeof documentSchema>;
export type DocumentMenu = z.infer<typeof menu>;
export type MediaFileRef = z.infer<typeof mediaFile>;

const invalid = (message: string) => QueueSettingsErrors.CC_QUEUE_SETTINGS_INVALID([message]);

function where(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('') || 'the document';
}

/** The menu ids, parents before children; a parent missing from the document or a cycle is a 400. */
export function menusInTreeOrder(menus: readonly DocumentMenu[]): DocumentMenu[] {
  const byId = new Map<number, DocumentMenu>();
  for (const [i, m] of menus.entries()) {
    if (byId.has(m.id)) throw invalid(`menus[${i}].id: ${m.id} appears twice`);
    byId.set(m.id, m);
  }
  const depth = new Map<number, number>();
  const depthOf = (m: DocumentMenu, i: number): number => {
    let d = 0;
    for (let at: DocumentMenu | undefined = m; at.parent_id !== null; d++) {
      if (d >= menus.length) throw invalid(`menus[${i}].parent_id: the menus' parents form a cycle`);
      const parent = byId.get(at.parent_id);
      if (!parent) throw invalid(`menus[${i}].parent_id: no menu ${at.parent_id} in the document`);
      at = parent;
    }
    return d;
  };
  for (const [i, m] of menus.entries()) depth.set(m.id, depthOf(m, i));
  return [...menus].sort((a, b) => depth.get(a.id)! - depth.get(b.id)!);
}

function checkReferences(document: SettingsDocument): void {
  menusInTreeOrder(document.menus);
  const ids = new Set(document.menus.map((m) => m.id));
  let assignments = 0;
  for (const [i, m] of document.menus.entries()) {
    assignments += m.agent_assignments.length + m.team_assignments.length;
    for (const field of ['audio_files', 'attached_files'] as const) {
      const names = new Set<string>();
      for (const file of m[field]) {
        if (names.has(file.name)) throw invalid(`menus[${i}].${field}: ${file.name} appears twice`);
        names.add(file.name);
      }
    }
  }
  if (assignments > DOCUMENT_LIMITS.assignments) throw invalid(`more than ${DOCUMENT_LIMITS.assignments} agent and team assignments in all`);
  for (const [i, s] of document.chat_shortcuts.entries()) {
    if (s.menu_id !== null && !ids.has(s.menu_id)) throw invalid(`chat_shortcuts[${i}].menu_id: no menu ${s.menu_id} in the document`);
  }
  const listNames = new Set<string>();
  let contacts = 0;
  if (document.contact_lists.filter((l) => l.type === 'global').length > 1) throw invalid('contact_lists: at most one global list');
  for (const [i, list] of document.contact_lists.entries()) {
    const key = list.type === 'global' ? '\u0000global' : list.name.trim().toLowerCase();
    if (listNames.has(key) || (list.type === 'custom' && key === 'global')) throw invalid(`contact_lists[${i}].name: ${list.name} appears twice`);
    listNames.add(key);
    const phones = new Set<string>();
    for (const [j, c] of list.contacts.entries()) {
      if (phones.has(c.phone_number)) throw invalid(`contact_lists[${i}].contacts[${j}].phone_number: ${c.phone_number} appears twice in the list`);
      phones.add(c.phone_number);
    }
    contacts += list.contacts.length;
  }
  if (contacts > DOCUMENT_LIMITS.contacts) throw invalid(`more than ${DOCUMENT_LIMITS.contacts} contacts in all`);
}

/** The document in `bytes` (UTF-8 JSON), checked; 400 naming the first problem. */
export function parseDocument(bytes: Buffer): SettingsDocument {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw QueueSettingsErrors.CC_QUEUE_FILE_UNREADABLE([error instanceof Error ? error.message.slice(0, 200) : 'not JSON']);
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${where(issue.path)}: ${issue.message}`);
  }
  checkReferences(parsed.data);
  return parsed.data;
}
