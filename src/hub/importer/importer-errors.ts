/**
 * Errors of the CRM importer's endpoints (docs/importer.md), in the
 * hub's OData JSON error body. Problems inside the rows of an accepted file
 * are not HTTP errors: they fail the job, whose `error` and `error_line`
 * say what and where.
 */
import { defineError } from '../../platform/errors/app-error.ts';
import { recordTypeList } from './record-types.ts';

export const ImporterErrors = {
  IMPORTER_UNKNOWN_TYPE: defineError('IMPORTER_UNKNOWN_TYPE', 404, `No record type %s; the types are ${recordTypeList('and')}`),
  IMPORTER_RECORD_NOT_FOUND: defineError('IMPORTER_RECORD_NOT_FOUND', 404, 'No %s with id %s'),
  IMPORTER_JOB_NOT_FOUND: defineError('IMPORTER_JOB_NOT_FOUND', 404, 'No import job %s'),
  IMPORTER_UNSUPPORTED_MEDIA_TYPE: defineError('IMPORTER_UNSUPPORTED_MEDIA_TYPE', 415, 'The body must be CSV sent as Content-Type: text/csv (UTF-8), not %s'),
  IMPORTER_EMPTY_BODY: defineError('IMPORTER_EMPTY_BODY', 400, 'The body is empty; send CSV whose first row is the header, starting with id'),
  IMPORTER_BAD_HEADER: defineError('IMPORTER_BAD_HEADER', 400, 'Bad header: %s'),
  IMPORTER_MALFORMED_CSV: defineError('IMPORTER_MALFORMED_CSV', 400, 'Line %s: %s'),
} as const;
