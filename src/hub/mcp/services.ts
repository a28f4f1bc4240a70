/** Source services by name or UUID (docs/odata.md, "Services"), as the model may give either. */
import { SERVICE, SERVICE_NAMES } from '../odata/model/services.ts';
import { McpErrors } from './mcp-errors.ts';

const BY_ID = new Map<string, string>(Object.entries(SERVICE).map(([key, id]) => [id, SERVICE_NAMES[key as keyof typeof SERVICE]]));
const BY_NAME = new Map<string, string>(Object.entries(SERVICE).map(([key, id]) => [SERVICE_NAMES[key as keyof typeof SERVICE].toLowerCase(), id]));

export function serviceName(id: string | null): string | null {
  return id === null ? null : (BY_ID.get(id) ?? id);
}

export function serviceId(nameOrId: string): string {
  const id = BY_NAME.get(nameOrId.trim().toLowerCase()) ?? (BY_ID.has(nameOrId.trim().toLowerCase()) ? nameOrId.trim().toLowerCase() : undefined);
  if (id === undefined) throw McpErrors.MCP_INVALID_ARGUMENT([`Unknown service ${nameOrId.slice(0, 100)}; give a name such as Gong, Zoom or Salesforce, or a service UUID`]);
  return id;
}
