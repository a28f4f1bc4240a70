/**
 * The service a conversation comes from: one of docs/odata.md "Services",
 * named by its identifier or its name (any case). Conversations that name
 * none come from "Manual Upload".
 */
import { SERVICE, SERVICE_NAMES } from '../../odata/model/services.ts';

export const MANUAL_UPLOAD = SERVICE.manualUpload;

const BY_KEY = new Map<string, string>();
for (const [key, id] of Object.entries(SERVICE)) {
  BY_KEY.set(id, id);
  BY_KEY.set(SERVICE_NAMES[key as keyof typeof SERVICE].toLowerCase(), id);
}

/** The service's identifier, or undefined when `value` names none. */
export function findService(value: string): string | undefined {
  return BY_KEY.get(value.trim().toLowerCase());
}
