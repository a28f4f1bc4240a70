/**
 * The URLs a tool result cites: every entity's OData entity URL (OData
 * 4.01 URL Conventions §4.3, a string key in quotes with quotes doubled),
 * which a person or an agent can open with the same token scopes as the
 * API. The hub has no page per conversation or account yet; when it does,
 * `url` becomes that page.
 */
export function entityUrl(publicUrl: string, set: string, id: string): string {
  return `${publicUrl}/odata/${set}('${encodeURIComponent(id.replaceAll("'", "''"))}')`;
}
