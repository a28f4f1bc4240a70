/**
 * Reading the bodies of `/chats` (docs/contact-center.md, "Chats"): the new
 * chat with its transcript, messages and the menu a chat starts in. Every
 * list and string is bounded; a malformed body is a 400 that writes nothing.
 */
import type { CcDb } from '../db/cc-database.ts';
import { isLeaf, isOpen, loadMenus, type MenuRow } from '../directory/menus.ts';
import { optionalId, optionalString } from '../http/inputs.ts';
import { ChatErrors } from './chat-errors.ts';
import type { MessageType, Sender } from './chat-tables.ts';

export const MAX_TRANSCRIPT_ENTRIES = 200;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_CONTEXT_BYTES = 16 * 1024;
export const DEFLECTION_CHANNELS = ['scheduled_call', 'voicemail', 'sms', 'email', 'external_link', 'none'] as const;

const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface TranscriptMessage {
  readonly sender: Extract<Sender, 'end_user' | 'virtual_agent'>;
  readonly sentAt: Date;
  readonly text: string;
}

/** A valid date between 1970 and 9999: what PostgreSQL stores and a chat can mean. */
export function storableDate(date: Date): boolean {
  const time = date.getTime();
  return time >= 0 && time < Date.UTC(10_000, 0, 1);
}

/** Seed 003's transcript: `[{sender, timestamp, content: [{type: "text", text}]}]`, one message per content item. */
export function readTranscript(value: unknown): TranscriptMessage[] {
  if (value === undefined || value === null) return [];
  const fail = (why: string) => ChatErrors.CC_CHAT_TRANSCRIPT_INVALID([MAX_TRANSCRIPT_ENTRIES, why]);
  if (!Array.isArray(value) || value.length > MAX_TRANSCRIPT_ENTRIES) throw fail('not a list of that size');
  const messages: TranscriptMessage[] = [];
  for (const [i, entry] of value.entries()) {
    if (!record(entry)) throw fail(`entry ${i} is not an object`);
    if (entry.sender !== 'end_user' && entry.sender !== 'virtual_agent') throw fail(`entry ${i}: sender must be "end_user" or "virtual_agent"`);
    const sentAt = typeof entry.timestamp === 'string' && entry.timestamp.length <= 40 ? new Date(entry.timestamp) : typeof entry.timestamp === 'number' ? new Date(entry.timestamp * 1000) : undefined;
    if (!sentAt || !storableDate(sentAt)) throw fail(`entry ${i}: timestamp must be ISO 8601 or Unix seconds`);
    if (!Array.isArray(entry.content) || entry.content.length === 0 || entry.content.length > 20) throw fail(`entry ${i}: content must be a list of 1 to 20 items`);
    for (const item of entry.content) {
      if (!record(item) || item.type !== 'text' || typeof item.text !== 'string' || item.text === '' || item.text.length > MAX_TEXT_LENGTH) {
        throw fail(`entry ${i}: each content item is {"type": "text", "text": "..."} of at most ${MAX_TEXT_LENGTH} characters`);
      }
      messages.push({ sender: entry.sender, sentAt, text: item.text });
    }
  }
  if (messages.length > MAX_TRANSCRIPT_ENTRIES * 5) throw fail('too many content items');
  return messages;
}

export function readContext(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!record(value)) throw ChatErrors.CC_CHAT_FIELD_INVALID(['context must be an object']);
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_CONTEXT_BYTES) throw ChatErrors.CC_CHAT_FIELD_INVALID([`context is larger than ${MAX_CONTEXT_BYTES} bytes`]);
  return value;
}

/** The menu a chat starts (or resumes) in: a mobile or web leaf, open now, not under manual redirection, speaking `lang`. */
export async function chatMenu(db: CcDb, tenantId: string, rawMenuId: unknown, lang: string | undefined): Promise<{ menu: MenuRow; lang: string }> {
  if (rawMenuId === undefined || rawMenuId === null || rawMenuId === '') throw ChatErrors.CC_CHAT_MENU_REQUIRED();
  const menuId = optionalId(rawMenuId);
  if (!menuId) throw ChatErrors.CC_CHAT_MENU_MALFORMED();
  const tree = await loadMenus(db, tenantId);
  const menu = tree.byId.get(menuId);
  if (!menu || menu.deleted) throw ChatErrors.CC_CHAT_MENU_NOT_FOUND([menuId]);
  if (menu.menu_type === 'ivr_menu') throw ChatErrors.CC_CHAT_MENU_TYPE();
  if (!isLeaf(tree, menu)) throw ChatErrors.CC_CHAT_MENU_NOT_LEAF([menuId]);
  const chosen = lang ?? menu.languages[0] ?? 'en';
  if (!menu.languages.includes(chosen)) throw ChatErrors.CC_CHAT_LANG_UNAVAILABLE([chosen.slice(0, 20)]);
  openForChats(menu);
  return { menu, lang: chosen };
}

/** Seed 003's menu states, as for calls: after hours and manual redirection refuse new and resumed chats. */
export function openForChats(menu: Pick<MenuRow, 'hours' | 'manual_redirection'>): void {
  if (!isOpen(menu)) throw ChatErrors.CC_CHAT_AFTER_HOURS();
  if (menu.manual_redirection) throw ChatErrors.CC_CHAT_MANUAL_REDIRECTION();
}

export interface MessageInput {
  readonly type: MessageType;
  readonly content: string | null;
  readonly mediaId: string | null;
}

/** Seed 003: `{type: text|photo|video, content?, media_id?}`. */
export function readMessage(value: unknown): MessageInput {
  const invalid = ChatErrors.CC_CHAT_MESSAGE_INVALID([MAX_TEXT_LENGTH]);
  if (!record(value)) throw invalid;
  const { type } = value;
  if (type === 'text') {
    const content = typeof value.content === 'string' ? value.content : undefined;
    if (!content || content.trim() === '' || content.length > MAX_TEXT_LENGTH) throw invalid;
    return { type, content, mediaId: null };
  }
  if (type === 'photo' || type === 'video') {
    const mediaId = optionalId(value.media_id);
    if (!mediaId) throw invalid;
    const content = optionalString(value, 'content', MAX_TEXT_LENGTH) ?? null;
    return { type, content, mediaId };
  }
  throw invalid;
}

export function readDeflection(value: unknown, required: boolean): string | undefined {
  if ((value === undefined || value === null || value === '') && !required) return undefined;
  if (typeof value !== 'string' || !(DEFLECTION_CHANNELS as readonly string[]).includes(value)) throw ChatErrors.CC_CHAT_DEFLECTION_INVALID([DEFLECTION_CHANNELS.join(', ')]);
  return value;
}
