/** Row types of contact lists and their contacts (migration 0030). */
import type { ColumnType } from 'kysely';

type Id = ColumnType<string, never, never>;
type Bigint = ColumnType<string, string | number, string | number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type ContactListKind = 'global' | 'custom';

export type ContactListTables = {
  cc_contact_lists: {
    tenant_id: string;
    id: Id;
    name: string;
    kind: ContactListKind;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  cc_contacts: {
    tenant_id: string;
    id: Id;
    contact_list_id: Bigint;
    name: string;
    phone_number: string;
    email: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
};

export const CONTACT_LIST_COLUMNS: { readonly [T in keyof ContactListTables]: readonly (keyof ContactListTables[T])[] } = {
  cc_contact_lists: ['tenant_id', 'id', 'name', 'kind', 'created_at', 'updated_at'],
  cc_contacts: ['tenant_id', 'id', 'contact_list_id', 'name', 'phone_number', 'email', 'created_at', 'updated_at'],
};
