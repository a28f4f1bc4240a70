/**
 * The tool reference of docs/mcp.md, rendered from the tool definitions
 * (tools/index.ts) and the JSON Schema the SDK publishes for each input:
 * `npm run mcp:docs` writes it between the markers, mcp-docs.test.ts fails
 * when the file is stale.
 */
import { z } from 'zod';
import { tableCell as cell, withGeneratedSection } from '../../platform/docs/generated-section.ts';
import { TOOLS } from './tools/index.ts';

interface Schema {
  type?: string;
  enum?: readonly string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
}

function typeOf(schema: Schema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => `\`${v}\``).join(', ')}`;
  if (schema.format === 'date-time') return 'ISO 8601 date-time';
  if (schema.type === 'integer' || schema.type === 'number') return `${schema.type} ${schema.minimum ?? ''}–${schema.maximum ?? ''}`;
  if (schema.type === 'string' && schema.maxLength !== undefined) return `string, up to ${schema.maxLength} characters`;
  return schema.type ?? 'any';
}

function toolSection(tool: (typeof TOOLS)[number]): string {
  const json = z.toJSONSchema(z.object(tool.input), { io: 'input' }) as { properties?: Record<string, Schema>; required?: readonly string[] };
  const rows = Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const need = json.required?.includes(name) ? 'required' : schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : 'optional';
    return `| \`${name}\` | ${cell(typeOf(schema))} | ${need} | ${cell(schema.description ?? '')} |`;
  });
  return [`### \`${tool.name}\`: ${tool.title}`, '', tool.description, '', '| Argument | Type | | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** `document` with its generated tool reference replaced by the current one. */
export function withToolReference(document: string): string {
  return withGeneratedSection(document, { name: 'mcp-tools', script: 'mcp:docs', file: 'docs/mcp.md' }, TOOLS.map(toolSection));
}
