/**
 * The importer's record types (account, contact, opportunity, lead, user;
 * docs/importer.md) and the OData sets they fill, whose properties are the
 * standard fields, read from the model registry so the two cannot drift.
 * This is the one list: the error message, the CLI's help and the webhook
 * payloads name the types from here, `ImportRecordType` (platform/db/schema.ts)
 * must have the same keys to compile, and record-types.test.ts holds the
 * migrated CHECK constraints to it.
 */
import type { ImportRecordType } from '../../platform/db/schema.ts';
import type { EntitySetDefinition } from '../odata/model/entity-set.ts';
import type { PropertyDefinition } from '../odata/model/property.ts';
import { findEntitySet } from '../odata/model/registry.ts';

export type RecordType = ImportRecordType;

const SETS: Readonly<Record<RecordType, string>> = { account: 'Accounts', contact: 'Contacts', opportunity: 'Opportunities', lead: 'Leads', user: 'Owners' };

export const RECORD_TYPE_NAMES = Object.keys(SETS) as readonly RecordType[];

/** The record types in a sentence: `account, contact, opportunity, lead and user` (or `… or user`). */
export function recordTypeList(last: 'and' | 'or'): string {
  return `${RECORD_TYPE_NAMES.slice(0, -1).join(', ')} ${last} ${RECORD_TYPE_NAMES.at(-1)}`;
}

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
