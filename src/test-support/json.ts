/** A response body as JSON, or `fallback` when it is not JSON (a CSV, a `$count`, an empty body). */
export function parseJsonOr(text: string, fallback: unknown): any {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
