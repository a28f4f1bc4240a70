/**
 * Helpers the node factories share. A node is frozen when it is created, and
 * every node it holds was frozen when that one was created, so a tree is deep
 * frozen without a recursive walk (which a 10,000-term `or` chain would turn
 * into a stack overflow).
 */

/** A frozen copy, so a caller that keeps the array it passed in cannot change the node. */
export function frozenList<T>(items: readonly T[]): readonly T[] {
  return Object.freeze([...items]);
}

/**
 * A frozen record without a prototype: names come from the query string, and
 * `__proto__`, `constructor` or `toString` must be plain keys, never inherited
 * values or a prototype change.
 */
export function frozenRecord<T>(entries: Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return Object.freeze(record);
}
