/** Row types of what menus hold beside their columns, and of the version history (migration 0030). */
import type { ColumnType } from 'kysely';

type Id = ColumnType<string, never, never>;
type Bigint = ColumnType<string, string | number, string | number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type MenuFileKind = 'audio' | 'attachment';
export type VersionKind = 'export' | 'auto_saved' | 'import' | 'restore';
export type ArchiveType = 'application/json' | 'application/zip';

export type QueueSettingsTables = {
  cc_menu_teams: { tenant_id: string; menu_id: Bigint; team_id: Bigint };
  cc_menu_files: {
    tenant_id: string;
    menu_id: Bigint;
    kind: MenuFileKind;
    name: string;
    content_type: string;
    bytes: Buffer;
    created_at: CreatedAt;
  };
  cc_chat_shortcuts: {
    tenant_id: string;
    id: Id;
    menu_id: Bigint | null;
    lang: ColumnType<string, string | undefined, string>;
    title: string;
    text: string;
  };
  cc_queue_setting_versions: {
    tenant_id: string;
    id: Id;
    revision: ColumnType<string, string | undefined, never>;
    kind: VersionKind;
    email: string | null;
    content_type: ArchiveType;
    content: Buffer;
    settings_size: number;
    export_audio_files: boolean;
    export_attached_files: boolean;
    menus: number;
    audio_files: number;
    attached_files: number;
    created_at: CreatedAt;
  };
};

export const QUEUE_SETTINGS_COLUMNS: { readonly [T in keyof QueueSettingsTables]: readonly (keyof QueueSettingsTables[T])[] } = {
  cc_menu_teams: ['tenant_id', 'menu_id', 'team_id'],
  cc_menu_files: ['tenant_id', 'menu_id', 'kind', 'name', 'content_type', 'bytes', 'created_at'],
  cc_chat_shortcuts: ['tenant_id', 'id', 'menu_id', 'lang', 'title', 'text'],
  cc_queue_setting_versions: ['tenant_id', 'id', 'revision', 'kind', 'email', 'content_type', 'content', 'settings_size', 'export_audio_files', 'export_attached_files', 'menus', 'audio_files', 'attached_files', 'created_at'],
};
