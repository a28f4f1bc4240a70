/**
 * A navigation property: the related set, whether it is one entity or many,
 * and the columns that join them, all within one tenant.
 *
 * - `one`: this entity holds the foreign key (`Contact.account_id` → Account).
 * - `many`: the target holds the foreign key back (`Account` ← `Contact.account_id`).
 * - `many` through a link table: `Conversation` ↔ `Label` via `conversation_labels`.
 */
export type NavigationDefinition =
  | { readonly name: string; readonly target: string; readonly kind: 'one'; readonly foreignKey: string }
  | { readonly name: string; readonly target: string; readonly kind: 'many'; readonly targetForeignKey: string }
  | { readonly name: string; readonly target: string; readonly kind: 'many'; readonly link: { readonly table: string; readonly source: string; readonly target: string } };

export const nav = {
  one: (name: string, target: string, foreignKey: string): NavigationDefinition => Object.freeze({ name, target, kind: 'one', foreignKey }),
  many: (name: string, target: string, targetForeignKey: string): NavigationDefinition => Object.freeze({ name, target, kind: 'many', targetForeignKey }),
  through: (name: string, target: string, table: string, source: string, targetColumn: string): NavigationDefinition =>
    Object.freeze({ name, target, kind: 'many', link: Object.freeze({ table, source, target: targetColumn }) }),
};
