/**
 * Errors of the OData API, in the OData JSON error body (JSON Format §21):
 * 400 for syntax and semantic errors (naming the position or the offending
 * name) and for a response with $expand larger than the hub builds, 404 for
 * unknown sets, properties and entities, 410 for a delta link past the
 * retention of deletions, 501 for features not supported yet.
 */
import { defineError } from '../../platform/errors/app-error.ts';

export const ODataErrors = {
  ODATA_UNKNOWN_SET: defineError('ODATA_UNKNOWN_SET', 404, 'No entity set %s; the service document (/odata) lists them'),
  ODATA_UNKNOWN_NAVIGATION: defineError('ODATA_UNKNOWN_NAVIGATION', 404, '%s has no navigation property %s'),
  ODATA_UNKNOWN_PROPERTY: defineError('ODATA_UNKNOWN_PROPERTY', 404, '%s has no property %s'),
  ODATA_ENTITY_NOT_FOUND: defineError('ODATA_ENTITY_NOT_FOUND', 404, 'No %s with id %s'),
  ODATA_BAD_PATH: defineError('ODATA_BAD_PATH', 400, 'Invalid resource path %s: %s'),
  ODATA_SYNTAX: defineError('ODATA_SYNTAX', 400, '%s'),
  ODATA_INVALID_QUERY: defineError('ODATA_INVALID_QUERY', 400, '%s'),
  ODATA_EXPANSION_TOO_LARGE: defineError(
    'ODATA_EXPANSION_TOO_LARGE',
    400,
    'A response with $expand is built whole before it is sent, and this one would hold more than %s bytes of entities; ask for fewer entities ($top), fewer related ones ($top or $filter inside $expand), or fewer properties ($select, also inside $expand, as in $expand=Contacts($select=id,email))',
  ),
  ODATA_NOT_ACCEPTABLE: defineError('ODATA_NOT_ACCEPTABLE', 406, '$format=%s is not available; this service answers in JSON ($format=json)'),
  ODATA_DELTA_EXPIRED: defineError(
    'ODATA_DELTA_EXPIRED',
    410,
    'This delta link is older than the %s days for which deletions are kept; read the set again from the URL in Location, with Prefer: odata.track-changes, for a new delta link',
  ),
  ODATA_NOT_IMPLEMENTED: defineError('ODATA_NOT_IMPLEMENTED', 501, '%s is not supported yet'),
} as const;
