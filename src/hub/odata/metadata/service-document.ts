/** The service document (`GET /odata`, OData JSON Format 4.01 §5): every entity set with its URL. */
import { ENTITY_SETS } from '../model/registry.ts';

export function serviceDocument(publicUrl: string) {
  return {
    '@odata.context': `${publicUrl}/odata/$metadata`,
    value: ENTITY_SETS.map((set) => ({ name: set.name, kind: 'EntitySet', url: set.name })),
  };
}
