/**
 * The exact OData JSON media type (JSON Format 4.01 §3). Bodies are sent as
 * Buffers: for string bodies Fastify respells the type as
 * `application/json; odata.metadata="minimal"; charset=utf-8`, which strict clients misread.
 */
export const ODATA_JSON = 'application/json;odata.metadata=minimal';
