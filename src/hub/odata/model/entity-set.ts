/**
 * An entity set and its entity type, as the model registry declares it.
 * Every entity has a string key `id`; every row belongs to a tenant
 * (`tenant_id`, not an OData property, leads the table's primary key).
 */
import type { NavigationDefinition } from './navigation.ts';
import type { PropertyDefinition } from './property.ts';

export interface EntitySetDefinition {
  /** The set's name in URLs (`Conversations`); matched case-insensitively. */
  readonly name: string;
  /** The entity type's name in $metadata (`Conversation`). */
  readonly type: string;
  readonly table: string;
  readonly description: string;
  /** Every property, `id` first. */
  readonly properties: readonly PropertyDefinition[];
  readonly navigation: readonly NavigationDefinition[];
  /** Properties `$search` looks in (a PostgreSQL full-text index covers them). */
  readonly searchable: readonly string[];
  /** The property incremental readers filter with ge/le (`created_at` or `updated`), index-backed. */
  readonly incremental: string | undefined;
  /** Open type: additional fields imported as CSV columns are served as open properties. */
  readonly open: boolean;
  /** Further indexes for common reads, as column lists after tenant_id (then id); `-name` sorts descending. */
  readonly indexes: readonly (readonly string[])[];
  /**
   * Expression indexes for lookups by a normalised value, name → SQL
   * expression over the row (`email_key: 'crm_email_key(email)'`), each an index
   * on (tenant_id, expression): CRM matching finds contacts, owners and
   * accounts through them (docs/processing.md, "CRM matching"). Functions
   * they call are created by migrations, like the change-tracking triggers'.
   */
  readonly lookups: Readonly<Record<string, string>>;
  /**
   * Trigram indexes (pg_trgm, GIN), name → SQL expression over the row: the MCP server's searches fall
   * back to similarity through them when full-text search finds nothing, as for a misspelt name
   * (docs/mcp.md, "Search"). Not led by tenant_id (GIN trigram classes index text only); the tenant
   * condition filters the index's matches.
   */
  readonly similar: Readonly<Record<string, string>>;
}

interface SetInput {
  readonly name: string;
  readonly type: string;
  readonly table: string;
  readonly description: string;
  readonly properties: Readonly<Record<string, (name: string) => PropertyDefinition>>;
  readonly navigation?: readonly NavigationDefinition[];
  readonly searchable?: readonly string[];
  readonly incremental?: string;
  readonly open?: boolean;
  readonly indexes?: readonly (readonly string[])[];
  readonly lookups?: Readonly<Record<string, string>>;
  readonly similar?: Readonly<Record<string, string>>;
}

export function entitySet(input: SetInput): EntitySetDefinition {
  const properties = Object.entries(input.properties).map(([name, make]) => make(name));
  const indexed = (input.indexes ?? []).flat().map((column) => column.replace(/^-/, ''));
  for (const name of [...(input.searchable ?? []), ...(input.incremental ? [input.incremental] : []), ...indexed]) {
    if (!properties.some((prop) => prop.name === name)) throw new Error(`${input.name}: ${name} is not a property`);
  }
  if (properties[0]?.name !== 'id' || properties[0].nullable) throw new Error(`${input.name}: the first property must be the non-null key id`);
  return Object.freeze({
    name: input.name,
    type: input.type,
    table: input.table,
    description: input.description,
    properties: Object.freeze(properties),
    navigation: Object.freeze([...(input.navigation ?? [])]),
    searchable: Object.freeze([...(input.searchable ?? [])]),
    incremental: input.incremental,
    open: input.open ?? false,
    indexes: Object.freeze((input.indexes ?? []).map((columns) => Object.freeze([...columns]))),
    lookups: Object.freeze({ ...input.lookups }),
    similar: Object.freeze({ ...input.similar }),
  });
}
