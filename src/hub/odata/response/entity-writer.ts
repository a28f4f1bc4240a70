/**
 * Rows of a compiled read (query/compile-plan.ts `entityColumns`, read as
 * arrays by query/read-rows.ts) → entities as JSON text, written by string
 * concatenation from precomputed pieces: no intermediate objects on the
 * path of a large export.
 */
import type { QueryPlan } from '../query/query-plan.ts';
import { servesOpenProperties } from '../query/compile-plan.ts';
import type { Row } from '../query/read-rows.ts';
import { formatterFor } from './value-format.ts';

export function entityWriter(plan: QueryPlan, ieee754Compatible: boolean): (row: Row) => string {
  const fields = [
    ...plan.properties.map((prop) => ({ prefix: `${JSON.stringify(prop.name)}:`, format: formatterFor(prop.type, ieee754Compatible), collection: prop.collection })),
    ...(plan.computed ?? []).map((computed) => ({ prefix: `${JSON.stringify(computed.name)}:`, format: formatterFor(computed.type, ieee754Compatible), collection: false })),
  ];
  const declared = new Set([...plan.set.properties, ...(plan.computed ?? [])].map((prop) => prop.name));
  const open = servesOpenProperties(plan) ? plan.openProperties : undefined;
  const openColumn = fields.length;
  return (row) => {
    let json = '{';
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const text = row[i];
      json += (i === 0 ? '' : ',') + field.prefix + (text === null || text === undefined ? 'null' : field.collection ? text : field.format(text));
    }
    const additionalText = open ? row[openColumn] : null;
    if (open && additionalText) {
      // Additional fields are strings as submitted; a name that shadows a declared property is never served.
      const additional = JSON.parse(additionalText) as Record<string, unknown>;
      for (const [name, value] of Object.entries(additional)) {
        if (!declared.has(name) && (open === 'all' || open.includes(name))) json += `${json.length > 1 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(value)}`;
      }
    }
    return `${json}}`;
  };
}
