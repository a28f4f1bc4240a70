/**
 * Errors of `POST /import/trackers` (docs/importer.md, "Tracker import"), in
 * the hub's OData JSON error body. `target` names the offending place in
 * the body (`issues[3].project_id`). Any of them means nothing was written.
 * A body that is no JSON at all, too large, or of another content type gets
 * the platform's PLATFORM_MALFORMED_BODY, PLATFORM_BODY_TOO_LARGE or
 * PLATFORM_UNSUPPORTED_MEDIA_TYPE.
 */
import { defineError } from '../../platform/errors/app-error.ts';

export const TrackerImportErrors = {
  IMPORTER_TRACKER_INVALID_BODY: defineError('IMPORTER_TRACKER_INVALID_BODY', 400, '%s'),
  IMPORTER_TRACKER_UNKNOWN_SERVICE: defineError('IMPORTER_TRACKER_UNKNOWN_SERVICE', 400, 'service %s is not a tracker service; use %s'),
  IMPORTER_TRACKER_DUPLICATE_ID: defineError('IMPORTER_TRACKER_DUPLICATE_ID', 400, '%s and %s have the same id %s; send each record once'),
  IMPORTER_TRACKER_TOO_MANY_RECORDS: defineError('IMPORTER_TRACKER_TOO_MANY_RECORDS', 413, 'The body holds %s records; at most %s are accepted at once, so send them in several requests (projects before the issues that name them)'),
  IMPORTER_TRACKER_UNKNOWN_REFERENCE: defineError('IMPORTER_TRACKER_UNKNOWN_REFERENCE', 422, '%s %s names no %s of this service, in this body or imported before'),
} as const;
