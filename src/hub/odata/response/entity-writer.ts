/**
 * Rows of a compiled read (query/compile-plan.ts) → entities as JSON text,
 * written by string concatenation from precomputed pieces: no intermediate
 * objects on the path of a large export.
 */
import type { QueryPlan } from '../query/query-plan.ts';
import { servesOpenProperties } from '../query/compile-plan.ts';
import { formatterFor } from './value-format.ts';

export type Row = Record<string, string | null>;

export function entityWriter(plan: QueryPlan, ieee754Compatible: boolean): (row: Row) => string {
  const fields = plan.properties.map((prop, i) => ({ column: `p${i}`, prefix: `${JSON.stringify(prop.name)}:`, format: formatterFor(prop.type, ieee754Compatible), collection: prop.collection }));
  const declared = new Set(plan.set.properties.map((prop) => prop.name));
  const open = servesOpenProperties(plan) ? plan.openProperties : undefined;
  return (row) => {
    const parts = fields.map((field) => {
      const text = row[field.column];
      return field.prefix + (text === null || text === undefined ? 'null' : field.collection ? text : field.format(text));
    });
    if (open && row.open) {
      // Additional fields are strings as submitted; a name that shadows a declared property is never served.
      const additional = JSON.parse(row.open) as Record<string, unknown>;
      for (const [name, value] of Object.entries(additional)) {
        if (!declared.has(name) && (open === 'all' || open.includes(name))) parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
      }
    }
    return `{${parts.join(',')}}`;
  };
}
