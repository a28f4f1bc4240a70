/** Row type of the DNC list (migration 0025). */
import type { ColumnType } from 'kysely';

export type DncTables = {
  cc_dnc_numbers: {
    tenant_id: string;
    phone_number: string;
    expires_at: Date | null;
    created_at: ColumnType<Date, Date | string | undefined, never>;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
};

export const DNC_COLUMNS: { readonly [T in keyof DncTables]: readonly (keyof DncTables[T])[] } = {
  cc_dnc_numbers: ['tenant_id', 'phone_number', 'expires_at', 'created_at', 'updated_at'],
};
