/**
 * Reads `GET /users`' query (seed 003, "Users"): paging (`page`, `per`,
 * default 100, at most 1,000) or exactly one filter, never both. Rails-style
 * keys arrive as themselves: `id[]=1&id[]=2` is the key `id[]` with two
 * values, `last_login_time[from]=...` the key `last_login_time[from]`.
 */
import { UsersErrors } from './users-errors.ts';

export const DEFAULT_PER = 100;
export const MAX_PER = 1000;
export const MAX_FILTER_VALUES = 1000;

const LIST_FILTERS = ['id', 'agent_number', 'status_id', 'online', 'wrap_up', 'location'] as const;
const TIME_FILTERS = ['last_login_time', 'status_updated_at'] as const;

export type UsersQuery =
  | { readonly kind: 'page'; readonly offset: number; readonly limit: number }
  | { readonly kind: 'list'; readonly field: (typeof LIST_FILTERS)[number]; readonly values: readonly string[] }
  | { readonly kind: 'time'; readonly field: (typeof TIME_FILTERS)[number]; readonly from?: Date; readonly to?: Date };

function values(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

function time(raw: unknown, name: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = values(raw)[0]!;
  const date = text.length <= 40 ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw UsersErrors.CC_USERS_FILTER_INVALID([`${name} must be a time in UTC such as 2026-01-31T12:00:00Z`]);
  }
  return date;
}

function positive(raw: unknown): number | undefined {
  const text = values(raw)[0]!;
  return /^\d{1,7}$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

export function readUsersQuery(query: Record<string, unknown>): UsersQuery {
  const lists = LIST_FILTERS.filter((name) => query[`${name}[]`] !== undefined || query[name] !== undefined);
  const times = TIME_FILTERS.filter((name) => query[`${name}[from]`] !== undefined || query[`${name}[to]`] !== undefined);
  const paged = query.page !== undefined || query.per !== undefined;
  if (lists.length + times.length > 1) throw UsersErrors.CC_USERS_ONE_FILTER();
  if (lists.length + times.length === 1 && paged) throw UsersErrors.CC_USERS_FILTER_PAGED();
  const [list] = lists;
  if (list) {
    const given = values(query[`${list}[]`] ?? query[list]);
    if (given.length > MAX_FILTER_VALUES) throw UsersErrors.CC_USERS_FILTER_VALUES();
    if ((list === 'online' || list === 'wrap_up') && !given.every((v) => v === 'true' || v === 'false')) {
      throw UsersErrors.CC_USERS_FILTER_INVALID([`${list}[] must be true or false`]);
    }
    if ((list === 'id' || list === 'status_id') && !given.every((v) => /^\d{1,18}$/.test(v))) throw UsersErrors.CC_USERS_FILTER_INVALID([`${list}[] must be ids`]);
    return { kind: 'list', field: list, values: [...new Set(given)] };
  }
  const [range] = times;
  if (range) return { kind: 'time', field: range, from: time(query[`${range}[from]`], `${range}[from]`), to: time(query[`${range}[to]`], `${range}[to]`) };
  const per = query.per === undefined ? DEFAULT_PER : positive(query.per);
  if (per === undefined || per > MAX_PER) throw UsersErrors.CC_USERS_PAGE_SIZE();
  const page = query.page === undefined ? 1 : positive(query.page);
  if (page === undefined) throw UsersErrors.CC_USERS_FILTER_INVALID(['page must be a whole number from 1']);
  return { kind: 'page', offset: (page - 1) * per, limit: per };
}
