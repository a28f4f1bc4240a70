/**
 * `GET /wait_times` (seed 003, "Wait Times"), `GET /queue_operation_statuses`
 * (seed 003, "Queue Operation Statuses") and `GET /queue_status` (the seed's
 * "Queue Status Endpoints"; path inferred): what a client asks before it
 * offers a caller the queue or a deflection.
 *
 * The querystring parser (node:querystring) keeps brackets in names, so
 * `wait[from]=60` arrives as the key "wait[from]".
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { CallErrors } from '../calls/call-errors.ts';
import { isIso6391 } from '../calls/call-request.ts';
import { ccDb } from '../db/cc-database.ts';
import type { MenuType } from '../db/core-tables.ts';
import { isLeaf, isOpen, loadMenus, materializedPath, subtree } from '../directory/menus.ts';
import { centerOf } from '../http/authenticate.ts';
import { optionalId } from '../http/inputs.ts';
import { centerSettings } from '../simulation/center-settings.ts';
import { QueueStatusErrors } from './queue-errors.ts';
import { menuLoads } from './queue-load.ts';
import { chatWait, voiceWait } from './wait-estimate.ts';

type Query = Record<string, unknown>;

const MENU_TYPES: readonly MenuType[] = ['ivr_menu', 'mobile_menu', 'web_menu'];

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 64) throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_INVALID([name, 'a single value']);
  return value;
}

function required(query: Query, name: string): string {
  const value = text(query, name);
  if (value === undefined) throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_REQUIRED([name]);
  return value;
}

function language(query: Query): string {
  const lang = required(query, 'lang');
  if (!isIso6391(lang)) throw CallErrors.CC_CALL_LANGUAGE_UNKNOWN([lang]);
  return lang;
}

function menuId(raw: string): string {
  const id = optionalId(raw);
  if (!id) throw CallErrors.CC_CALL_MENU_MALFORMED();
  return id;
}

function seconds(query: Query, name: string): number | undefined {
  const raw = text(query, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_INVALID([name, 'a whole number of seconds']);
  return Number(raw);
}

export const queueRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);

  app.get<{ Querystring: Query }>('/wait_times', async (request) => {
    const { tenantId } = centerOf(request);
    const query = request.query;
    const lang = language(query);
    const rootId = text(query, 'menu_id');
    const menuType = text(query, 'menu_type');
    if (menuType !== undefined && !MENU_TYPES.includes(menuType as MenuType)) throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_INVALID(['menu_type', 'ivr_menu, mobile_menu or web_menu']);
    const channel = text(query, 'channel_type');
    if (channel !== undefined && channel !== 'voice_call' && channel !== 'chat') throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_INVALID(['channel_type', 'voice_call or chat']);
    const from = seconds(query, 'wait[from]');
    const to = seconds(query, 'wait[to]');

    const tree = await loadMenus(db, tenantId);
    let menus = [...tree.byId.values()];
    if (rootId !== undefined) {
      const root = tree.byId.get(menuId(rootId));
      if (!root || root.deleted) throw CallErrors.CC_CALL_MENU_NOT_FOUND([rootId]);
      menus = subtree(tree, root);
    }
    // Callers and chatters queue in leaf menus only: those are the queues that have a wait.
    menus = menus.filter((m) => !m.deleted && isLeaf(tree, m) && m.languages.includes(lang) && (menuType === undefined || m.menu_type === menuType));
    const settings = await centerSettings(db, tenantId, context.config);
    const loads = await menuLoads(db, tenantId, menus.map((m) => m.id));
    const rows = menus.map((menu) => {
      const load = loads.get(menu.id)!;
      const waits = {
        ...(channel !== 'voice_call' ? { chat: chatWait(load, settings) } : {}),
        ...(channel !== 'chat' ? { voice_call: voiceWait(load, settings) } : {}),
      };
      return {
        row: {
          menu_id: Number(menu.id),
          menu_type: menu.menu_type,
          ...waits,
          materialized_path: materializedPath(tree, menu),
          logged_in_agents: load.loggedIn,
          available_agents: load.availableForCalls,
          // No status here lets an agent break through to take work outside "Available".
          breakthrough_agents: 0,
        },
        waits: Object.values(waits),
      };
    });
    // "Returns records if they have a wait greater than [from] / less than [to]": any of the channels asked for.
    return rows.filter(({ waits }) => (from === undefined || waits.some((w) => w > from)) && (to === undefined || waits.some((w) => w < to))).map(({ row }) => row);
  });

  const operationStatus = async (request: { query: Query; tenantId: string }) => {
    const { query, tenantId } = request;
    const rawMenu = required(query, 'menu_id');
    const lang = language(query);
    const channel = required(query, 'channel_type');
    if (channel !== 'call' && channel !== 'chat') throw QueueStatusErrors.CC_QUEUE_STATUS_PARAM_INVALID(['channel_type', 'call or chat']);
    const tree = await loadMenus(db, tenantId);
    const menu = tree.byId.get(menuId(rawMenu));
    if (!menu || menu.deleted) throw CallErrors.CC_CALL_MENU_NOT_FOUND([rawMenu]);
    if (!menu.languages.includes(lang)) throw CallErrors.CC_CALL_LANGUAGE_UNAVAILABLE([lang]);
    const load = (await menuLoads(db, tenantId, [menu.id])).get(menu.id)!;
    // Chats do not queue yet (no chats table here): a chat queue is over capacity only with a limit of 0.
    const queued = channel === 'call' ? load.queuedCalls : 0;
    return {
      menu_id: Number(menu.id),
      lang,
      channel_type: channel,
      after_hour: !isOpen(menu),
      overcapacity: menu.overcapacity_limit !== null && queued >= menu.overcapacity_limit,
    };
  };

  for (const path of ['/queue_operation_statuses', '/queue_status']) {
    app.get<{ Querystring: Query }>(path, async (request) => operationStatus({ query: request.query, tenantId: centerOf(request).tenantId }));
  }
};
