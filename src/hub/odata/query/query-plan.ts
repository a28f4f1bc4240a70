/**
 * What a request reads, resolved against the model and ready to compile: the
 * product of the validator, the input of the SQL compiler. Immutable.
 */
import type { RawBuilder } from 'kysely';
import type { EdmPrimitive } from '../model/edm.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { PropertyDefinition } from '../model/property.ts';
import type { KeyValue } from '../response/signed-token.ts';
import type { ScopedSource } from './scoped-source.ts';

export interface OrderKey {
  /** An expression over the plan's source (a column, a navigation property's column, a function…). */
  readonly expression: RawBuilder<unknown>;
  readonly direction: 'asc' | 'desc';
  readonly type: EdmPrimitive;
  /** False when the key cannot be null (a non-nullable property, the id): keyset bounds then stay sargable. */
  readonly nullable: boolean;
}

/** A `$compute` property served with the entity (URL Conventions 4.01 §5.1.10). */
export interface ComputedProperty {
  readonly name: string;
  readonly expression: RawBuilder<unknown>;
  readonly type: EdmPrimitive;
}

export interface QueryPlan {
  readonly set: EntitySetDefinition;
  readonly source: ScopedSource;
  readonly properties: readonly PropertyDefinition[];
  /** Open (additional) properties to serve: every one, or those named in $select. */
  readonly openProperties: 'all' | readonly string[];
  /** `$compute` properties to serve, after the declared ones. */
  readonly computed?: readonly ComputedProperty[];
  /** Conditions beyond the tenant's: key, navigation parent, $filter, $search. */
  readonly conditions: readonly RawBuilder<boolean>[];
  /** $orderby keys; the id is always appended to make the order total. */
  readonly order: readonly OrderKey[];
  /** Keyset position from $skiptoken: the order values and id of the last row already served. */
  readonly after?: readonly KeyValue[];
  readonly offset: number;
  readonly limit: number;
}
