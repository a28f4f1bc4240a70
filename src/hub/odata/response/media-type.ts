/**
 * The exact OData JSON media type (JSON Format 4.01 §3). Bodies are sent as
 * Buffers: for string bodies Fastify respells the type as
 * `application/json; odata.metadata="minimal"; charset=utf-8`, which strict clients misread.
 */
export const ODATA_JSON = 'application/json;odata.metadata=minimal';

/** Protocol 4.01 §11.2.11: `$format` asks for JSON (`json`, or the media type, which may carry parameters such as odata.metadata=…). */
export function asksForJson(format: string): boolean {
  return /^(json|application\/json)\b/i.test(format);
}
