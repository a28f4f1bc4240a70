/**
 * Menus (queues): a tree per center. A caller or chatter lands in a leaf; the
 * leaf's settings (languages, hours, deflection, outbound numbers) decide
 * what happens to them. Shapes follow seed 003's call object:
 * `selected_menu` and `menu_path`.
 */
import type { Selectable } from 'kysely';
import type { CcDb } from '../db/cc-database.ts';
import type { CcMenusTable, OpeningHours } from '../db/core-tables.ts';

export type MenuRow = Selectable<CcMenusTable>;

export interface MenuTree {
  readonly byId: ReadonlyMap<string, MenuRow>;
  readonly children: ReadonlyMap<string, readonly MenuRow[]>;
}

/** A center's menus, deleted ones included (a call keeps its menu). A center has tens of menus, not thousands. */
export async function loadMenus(db: CcDb, tenantId: string): Promise<MenuTree> {
  const rows = await db.selectFrom('cc_menus').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('id').execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const children = new Map<string, MenuRow[]>();
  for (const row of rows) {
    if (row.parent_id !== null) children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row]);
  }
  return { byId, children };
}

export function isLeaf(tree: MenuTree, menu: MenuRow): boolean {
  return !(tree.children.get(menu.id) ?? []).some((child) => !child.deleted);
}

/** The menu and its ancestors, root first. */
export function ancestry(tree: MenuTree, menu: MenuRow): MenuRow[] {
  const path: MenuRow[] = [];
  for (let at: MenuRow | undefined = menu; at && path.length < 64; at = at.parent_id === null ? undefined : tree.byId.get(at.parent_id)) path.unshift(at);
  return path;
}

/** The menu and everything under it (wait times filter "all menus in that menu's subtree, including that menu"). */
export function subtree(tree: MenuTree, menu: MenuRow): MenuRow[] {
  const out: MenuRow[] = [];
  const visit = (row: MenuRow) => {
    out.push(row);
    for (const child of tree.children.get(row.id) ?? []) if (out.length < 10_000) visit(child);
  };
  visit(menu);
  return out;
}

/** Ids from the root, slash-separated: what `materialized_path` holds. */
export function materializedPath(tree: MenuTree, menu: MenuRow): string {
  return ancestry(tree, menu).map((row) => row.id).join('/');
}

/** Seed 003: `selected_menu`. */
export function selectedMenu(menu: MenuRow) {
  return {
    id: Number(menu.id),
    name: menu.name,
    parent_id: menu.parent_id === null ? null : Number(menu.parent_id),
    position: menu.position,
    deleted: menu.deleted,
    hidden: String(menu.hidden),
    menu_type: menu.menu_type,
    output_msg: menu.output_msg ?? '',
  };
}

/** Seed 003: `menu_path` (also a transfer's from_menu and to_menu). */
export function menuPath(tree: MenuTree, menu: MenuRow) {
  const path = ancestry(tree, menu);
  return { items_count: path.length, name: path.map((row) => row.name).join(' / '), materialized_path: materializedPath(tree, menu) };
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Whether the menu is within its opening hours at `at` (no hours: always open). */
export function isOpen(menu: Pick<MenuRow, 'hours'>, at: Date = new Date()): boolean {
  const hours: OpeningHours | null = menu.hours;
  if (!hours) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: hours.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  } catch {
    return true;
  }
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = DAYS.find((d) => d === get('weekday').slice(0, 3).toLowerCase());
  const time = `${get('hour')}:${get('minute')}`;
  return (day ? (hours.days[day] ?? []) : []).some(([from, to]) => time >= from && time < to);
}
