/**
 * `?page=&per_page=` of the Apps API's lists (the bulk jobs' convention in
 * the public documentation): page from 1, a default and a maximum per page;
 * the answer carries `Total` and `Per-Page` headers, and, where a list
 * offers it, `Link` (RFC 8288 §3) to the first, previous, next and last
 * pages, as references relative to the request's own URL.
 */
import type { FastifyReply } from 'fastify';
import { PlatformErrors } from '../../platform/errors/platform-errors.ts';

export interface PageQuery {
  readonly page: number;
  readonly perPage: number;
  readonly offset: number;
}

function positive(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,6}$/.test(raw) || Number(raw) > max) {
    throw PlatformErrors.PLATFORM_INVALID_REQUEST([`${name} must be a whole number from 1 to ${max}`]);
  }
  return Number(raw);
}

export function readPage(query: Record<string, unknown>, defaults: { perPage: number; maxPerPage: number }): PageQuery {
  const page = positive(query, 'page', 1, 1_000_000);
  const perPage = positive(query, 'per_page', defaults.perPage, defaults.maxPerPage);
  return { page, perPage, offset: (page - 1) * perPage };
}

export function sendPageHeaders(reply: FastifyReply, page: PageQuery, total: number): void {
  reply.header('Total', String(total)).header('Per-Page', String(page.perPage));
}

/** RFC 8288 `Link` of a list at `path` (the path the client called): first, prev, next and last pages. */
export function sendPageLinks(reply: FastifyReply, path: string, page: PageQuery, total: number): void {
  const last = Math.max(1, Math.ceil(total / page.perPage));
  const link = (n: number, rel: string) => `<${path}?page=${n}&per_page=${page.perPage}>; rel="${rel}"`;
  const links = [link(1, 'first')];
  if (page.page > 1) links.push(link(Math.min(page.page - 1, last), 'prev'));
  if (page.page < last) links.push(link(page.page + 1, 'next'));
  links.push(link(last, 'last'));
  reply.header('Link', links.join(', '));
}
