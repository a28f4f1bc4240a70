/** Row types of chats, SMS sessions, their media and the chat webhook (migration 0028). */
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = ColumnType<string, never, never>;
type Bigint = ColumnType<string, string | number, string | number>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

/** docs/contact-center.md, "Chat lifecycle". */
export type ChatStatus = 'selecting' | 'va_assigned' | 'queued' | 'assigned' | 'in_progress' | 'finished' | 'dismissed' | 'va_dismissed' | 'deflected';
export type Sender = 'end_user' | 'agent' | 'virtual_agent';
export type MessageType = 'text' | 'photo' | 'video';
export type MediaKind = 'photo' | 'video';

export interface CcChatsTable {
  tenant_id: string;
  id: Id;
  channel: 'chat' | 'sms';
  chat_type: string;
  status: ChatStatus;
  menu_id: Bigint | null;
  lang: ColumnType<string, string | undefined, string>;
  email: string | null;
  context: Json;
  customer_flags: Json;
  custom_data: Json;
  end_user_id: Bigint | null;
  end_user_updated_at: Date | null;
  ticket_id: string | null;
  agent_id: Bigint | null;
  virtual_agent: ColumnType<boolean, boolean | undefined, boolean>;
  deflection_channel: string | null;
  finished_by_user_id: Bigint | null;
  end_user_number: string | null;
  outbound_number: string | null;
  agent_replies: ColumnType<number, number | undefined, number>;
  agent_turns: ColumnType<number, number | undefined, number>;
  timeout_at: Date | null;
  assigned_at: Date | null;
  ended_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  by_hand: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CcChatParticipantsTable {
  tenant_id: string;
  id: Id;
  chat_id: Bigint;
  kind: 'end_user' | 'agent' | 'virtual_agent';
  agent_id: Bigint | null;
  status: 'active' | 'left';
  joined_at: CreatedAt;
  left_at: Date | null;
}

export interface CcChatMediaTable {
  tenant_id: string;
  id: Id;
  chat_id: Bigint;
  kind: MediaKind;
  key: string;
  upload_secret: string;
  upload_expires_at: Date;
  photo_type: string | null;
  content_type: string | null;
  size: number | null;
  bytes: Buffer | null;
  uploaded_at: Date | null;
  attached_at: Date | null;
  created_at: CreatedAt;
}

export interface CcChatMessagesTable {
  tenant_id: string;
  id: Id;
  chat_id: Bigint;
  sender: Sender;
  agent_id: Bigint | null;
  type: MessageType;
  content: string | null;
  media_id: Bigint | null;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CcChatEscalationsTable {
  tenant_id: string;
  id: Id;
  chat_id: Bigint;
  reason: string | null;
  force_escalate: ColumnType<boolean, boolean | undefined, boolean>;
  status: 'queued' | 'deflection_offered' | 'deflected';
  deflection_channel: string | null;
  created_at: CreatedAt;
}

export interface CcChatWebhooksTable {
  tenant_id: string;
  url: string;
  primary_secret: string;
  secondary_secret: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ChatTables = {
  cc_chats: CcChatsTable;
  cc_chat_participants: CcChatParticipantsTable;
  cc_chat_media: CcChatMediaTable;
  cc_chat_messages: CcChatMessagesTable;
  cc_chat_escalations: CcChatEscalationsTable;
  cc_chat_webhooks: CcChatWebhooksTable;
};

export const CHAT_COLUMNS: { readonly [T in keyof ChatTables]: readonly (keyof ChatTables[T])[] } = {
  cc_chats: ['tenant_id', 'id', 'channel', 'chat_type', 'status', 'menu_id', 'lang', 'email', 'context', 'customer_flags', 'custom_data', 'end_user_id', 'end_user_updated_at', 'ticket_id', 'agent_id', 'virtual_agent', 'deflection_channel', 'finished_by_user_id', 'end_user_number', 'outbound_number', 'agent_replies', 'agent_turns', 'timeout_at', 'assigned_at', 'ended_at', 'created_at', 'updated_at', 'by_hand'],
  cc_chat_participants: ['tenant_id', 'id', 'chat_id', 'kind', 'agent_id', 'status', 'joined_at', 'left_at'],
  cc_chat_media: ['tenant_id', 'id', 'chat_id', 'kind', 'key', 'upload_secret', 'upload_expires_at', 'photo_type', 'content_type', 'size', 'bytes', 'uploaded_at', 'attached_at', 'created_at'],
  cc_chat_messages: ['tenant_id', 'id', 'chat_id', 'sender', 'agent_id', 'type', 'content', 'media_id', 'sent_at'],
  cc_chat_escalations: ['tenant_id', 'id', 'chat_id', 'reason', 'force_escalate', 'status', 'deflection_channel', 'created_at'],
  cc_chat_webhooks: ['tenant_id', 'url', 'primary_secret', 'secondary_secret', 'created_at', 'updated_at'],
};
