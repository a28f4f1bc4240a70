/** The OData tests' HTTP client: GET with a bearer token, as an API client sends it. */
import { parseJsonOr } from './json.ts';

export interface ODataReply {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON body, or the text when it is not JSON (`$count`, `$value`). */
  readonly body: any;
}

/** A `get(url, headers, bearer)` for `hubUrl`: `url` is a path on the hub or, as next and delta links are, absolute. */
export function odataClient(hubUrl: string, token: string) {
  return async function get(url: string, headers: Record<string, string> = {}, bearer = token): Promise<ODataReply> {
    const response = await fetch(url.startsWith('http') ? url : `${hubUrl}${url}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJsonOr(text, text) };
  };
}
