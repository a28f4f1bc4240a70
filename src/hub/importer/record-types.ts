/**
 * The importer's record types (seed 001, "CRM importer": account, contact,
 * opportunity, lead, user) and the OData sets they fill, whose properties
 * are the standard fields (names of reference/hub-entity-model.md, read
 * from the model registry so the two cannot drift).
 */
import type { ImportRecordType } from '../../platform/db/schema.ts';
import type { EntitySetDefinition } from '../odata/model/entity-set.ts';
import type { PropertyDefinition } from '../odata/model/property.ts';
import { findEntitySet } from '../odata/model/registry.ts';

export type RecordType = ImportRecordType;

const SETS: Readonly<Record<RecordType, string>> = { account: 'Accounts', contact: 'Contacts', opportunity: 'Opportunities', lead: 'Leads', user: 'Owners' };

export const RECORD_TYPE_NAMES = Object.keys(SETS) as readonly RecordType[];

/** Set by the importer (the import time), never taken from the file. */
export const SET_BY_IMPORTER = 'updated';

export interface RecordTypeDefinition {
  readonly type: RecordType;
  readonly set: EntitySetDefinition;
  /** Columns a file may fill, `id` first, in the set's order: also the column order of a read-back. */
  readonly fields: readonly PropertyDefinition[];
}

function define(type: RecordType): RecordTypeDefinition {
  const set = findEntitySet(SETS[type])!;
  if (!set.open) throw new Error(`${set.name} must be an open type to hold additional fields`);
  const fields = set.properties.filter((p) => !p.collection && p.name !== SET_BY_IMPORTER);
  return Object.freeze({ type, set, fields: Object.freeze(fields) });
}

const DEFINITIONS = new Map(RECORD_TYPE_NAMES.map((type) => [type, define(type)]));

export function findRecordType(name: string): RecordTypeDefinition | undefined {
  return DEFINITIONS.get(name as RecordType);
}

export function recordType(type: RecordType): RecordTypeDefinition {
  return DEFINITIONS.get(type)!;
}
