/** The MCP SDK's own client on a hub's /mcp, authenticated by a bearer token in every request's headers. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { onCleanup } from './cleanup.ts';

export async function mcpClient(hubUrl: string, token: string, options: { protocolVersion?: string } = {}): Promise<Client> {
  const client = new Client({ name: 'commontime-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${hubUrl}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  if (options.protocolVersion) transport.setProtocolVersion(options.protocolVersion);
  await client.connect(transport);
  onCleanup(() => client.close());
  return client;
}

/** A tool's structured result; fails the test with the tool's message when it answered isError. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
}

/** The message of a tool result that must be an error. */
export async function toolError(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  if (!result.isError) throw new Error(`${name} succeeded: ${JSON.stringify(result.structuredContent).slice(0, 300)}`);
  return (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}
