/**
 * The columns the demo loads, from the model registry: a table's are its
 * set's properties in the registry's order (the order each generator yields
 * its cells in), less the ones the demo leaves empty.
 */
import { ENTITY_SETS, findEntitySet } from '../odata/model/registry.ts';

export interface DemoTable {
  readonly table: string;
  readonly columns: readonly string[];
}

/** The table of an entity set; `leftEmpty` names the properties the demo leaves null. */
export function setColumns(setName: string, leftEmpty: readonly string[] = []): DemoTable {
  const set = findEntitySet(setName);
  if (!set) throw new Error(`${setName} is not an entity set`);
  const names = set.properties.map((property) => property.name);
  const unknown = leftEmpty.filter((name) => !names.includes(name));
  if (unknown.length) throw new Error(`${setName} has no ${unknown.join(', ')}`);
  return { table: set.table, columns: names.filter((name) => !leftEmpty.includes(name)) };
}

/** The link table of a many-to-many navigation: its two keys, the source's first. */
export function linkColumns(table: string): DemoTable {
  const link = ENTITY_SETS.flatMap((set) => set.navigation).find((n) => 'link' in n && n.link.table === table);
  if (!link || !('link' in link)) throw new Error(`${table} is not a link table`);
  return { table, columns: [link.link.source, link.link.target] };
}
