/**
 * The hub's id of a tracker record: a name-based UUID (version 5, RFC 9562
 * §5.5) of the record's kind and its id in the tracker, in the namespace of
 * the tracker's service UUID (services.ts). The same tracker record always
 * gets the same id, in every import and every workspace (the primary key
 * starts with the tenant), so an import updates what an earlier one
 * created, and a connector that uses this function later finds the same
 * rows. TrackerIssues and TrackerComments have no `service_id` property
 * (the model's field lists are those of Four/Four's clients): their id is
 * the only link back to the tracker.
 */
import { v5 } from 'uuid';

export type TrackerRecordKind = 'project' | 'issue' | 'comment';

export function trackerRecordId(service: string, kind: TrackerRecordKind, serviceId: string): string {
  return v5(`${kind}:${serviceId}`, service);
}
