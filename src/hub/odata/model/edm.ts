/**
 * The EDM primitive types our model uses (OData CSDL JSON 4.01 §3.3) and how each
 * is stored in PostgreSQL. Collections are `Collection(<type>)` of a
 * primitive, stored as a PostgreSQL array.
 */
export type EdmPrimitive =
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset'
  | 'Edm.Guid';

export const SQL_TYPES: Readonly<Record<EdmPrimitive, string>> = {
  'Edm.String': 'text',
  'Edm.Boolean': 'boolean',
  'Edm.Int32': 'integer',
  'Edm.Int64': 'bigint',
  'Edm.Decimal': 'numeric',
  'Edm.Double': 'double precision',
  'Edm.Date': 'date',
  'Edm.DateTimeOffset': 'timestamptz',
  'Edm.Guid': 'uuid',
};
