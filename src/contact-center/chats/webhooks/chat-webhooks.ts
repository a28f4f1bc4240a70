/**
 * A center's chat webhook: one URL and two secrets, primary and secondary,
 * both signing every delivery, so a receiver can move to a new secret
 * without missing events (set a new one, deploy, drop the old). Set with
 * `commontime cc webhook set` (docs/cli.md); the URL passes the SSRF guard
 * when it is saved and again at every connection.
 */
import { randomBytes } from 'node:crypto';
import { checkTargetUrl, type ResolveAll, type TargetPolicy } from '../../../platform/http/ssrf-guard.ts';
import { findCenter } from '../../centers/centers.ts';
import type { CcDb } from '../../db/cc-database.ts';

const newSecret = () => randomBytes(32).toString('base64url');

export interface ChatWebhook {
  readonly tenant_id: string;
  readonly url: string;
  readonly primary_secret: string;
  readonly secondary_secret: string;
}

/**
 * Sets the webhook's URL. A first set makes both secrets; `rotate` makes a
 * new primary and keeps the old primary as secondary; else the secrets stay.
 */
export async function setChatWebhook(db: CcDb, tenantId: string, input: { url: string; rotate?: boolean }, policy: TargetPolicy & { resolve?: ResolveAll }): Promise<ChatWebhook> {
  await findCenter(db, tenantId);
  const url = await checkTargetUrl(input.url, policy, policy.resolve);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('cc_chat_webhooks').selectAll().where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
    const primary = !existing || input.rotate ? newSecret() : existing.primary_secret;
    const secondary = !existing ? newSecret() : input.rotate ? existing.primary_secret : existing.secondary_secret;
    return trx
      .insertInto('cc_chat_webhooks')
      .values({ tenant_id: tenantId, url, primary_secret: primary, secondary_secret: secondary })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ url, primary_secret: primary, secondary_secret: secondary, updated_at: new Date() }))
      .returning(['tenant_id', 'url', 'primary_secret', 'secondary_secret'])
      .executeTakeFirstOrThrow();
  });
}

export async function removeChatWebhook(db: CcDb, tenantId: string): Promise<boolean> {
  const result = await db.deleteFrom('cc_chat_webhooks').where('tenant_id', '=', tenantId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
