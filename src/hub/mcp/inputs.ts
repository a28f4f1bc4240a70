/** Input fields several tools share, described once for the model. */
import { z } from 'zod';

export const limit = (max: number, fallback: number, what = 'Results') => z.number().int().min(1).max(max).default(fallback).describe(`${what} per page, 1 to ${max} (default ${fallback}).`);

export const cursor = z.string().max(2000).optional().describe('The next_cursor of the previous page, to read the next one; omit for the first page.');

export const query = z.string().min(1).max(500).optional().describe('Free text: words to look for (all of them first, then any of them, then similar spellings). Quotes make a phrase, -word excludes a word.');

export const from = z.iso.datetime({ offset: true }).optional().describe('Only from this instant on (ISO 8601, such as 2026-01-01T00:00:00Z).');

export const to = z.iso.datetime({ offset: true }).optional().describe('Only before this instant (ISO 8601).');

export const id = (what: string) => z.string().min(1).max(200).describe(`The ${what}'s id, as search results give it.`);
