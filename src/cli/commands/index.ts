import type { Command } from '../command.ts';
import { dbMigrate, tenantCreate, tenantList, userAddToTenant, userCreate, userRemoveFromTenant } from './data-commands.ts';
import { clientCreate, clientDelete, clientList, clientRotateSecret, tokenCreate, tokenList, tokenRevoke } from './identity-commands.ts';
import { demo } from './demo-command.ts';
import { importCrm } from './import-command.ts';
import { importConversations } from './import-conversations-command.ts';
import { start, worker } from './server-commands.ts';
import { topicsRebuild } from './topics-command.ts';
import { WEBHOOK_COMMANDS } from './webhook-commands.ts';
import { CC_COMMANDS } from './cc-commands.ts';
import { CC_WEBHOOK_COMMANDS } from './cc-webhook-commands.ts';

export const COMMANDS: readonly Command[] = [start, worker, dbMigrate, tenantCreate, tenantList, userCreate, userAddToTenant, userRemoveFromTenant,
  clientCreate, clientList, clientRotateSecret, clientDelete, tokenCreate, tokenList, tokenRevoke, demo, importCrm, importConversations, topicsRebuild, ...WEBHOOK_COMMANDS, ...CC_COMMANDS, ...CC_WEBHOOK_COMMANDS];
