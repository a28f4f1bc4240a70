/**
 * Reading urlencoded form bodies defensively: a field sent twice arrives as
 * an array, a missing one as undefined, and a hand-made request may send
 * anything. Routes read fields only through these.
 */
export type FormBody = Record<string, string | string[] | undefined> | undefined;

/** The field as one string: its first value when repeated, '' when absent. */
export function formField(body: FormBody, name: string): string {
  const value = body?.[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Every value of a repeatable field (checkboxes). */
export function formList(body: FormBody, name: string): string[] {
  const value = body?.[name];
  return value === undefined ? [] : [value].flat();
}
