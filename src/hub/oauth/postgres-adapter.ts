/**
 * oidc-provider's storage adapter over PostgreSQL, so that every process can
 * serve any step of a flow (docs/architecture.md, "Scale-out rules").
 *
 * Quirks kept on purpose:
 * - Ids are stored as SHA-256 digests, and the `jti` copy of the id is
 *   taken out of the stored payload and put back on read: for tokens and
 *   codes the id *is* the bearer value, for sessions and interactions it is a
 *   cookie value. A leaked table yields nothing that authenticates.
 * - `Client` reads our `oauth_clients` table (clients managed by tenant
 *   admins), so a rotated secret or a deleted client takes effect on the
 *   next request, then the clients that registered themselves
 *   (registered-clients.ts), which is also where the library's dynamic
 *   registration stores them.
 *
 * Contract: https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { digest } from '../../platform/secrets/digest.ts';
import { clientMetadata } from './oauth-clients.ts';
import { registeredClientMetadata, storeRegisteredClient } from './registered-clients.ts';

type Payload = Record<string, unknown> & { jti?: string; grantId?: string; uid?: string; consumed?: number };

export function postgresAdapter(db: Kysely<Database>) {
  return class PostgresAdapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') return storeRegisteredClient(db, id, payload);
      const { jti: _jti, ...stored } = payload;
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await db
        .insertInto('oauth_models')
        .values({
          model: this.model,
          id_hash: digest(id),
          payload: JSON.stringify(stored),
          grant_id: payload.grantId ?? null,
          uid: payload.uid ?? null,
          expires_at: expiresAt,
        })
        .onConflict((oc) =>
          oc.columns(['model', 'id_hash']).doUpdateSet((eb) => ({
            payload: eb.ref('excluded.payload'),
            grant_id: eb.ref('excluded.grant_id'),
            uid: eb.ref('excluded.uid'),
            expires_at: eb.ref('excluded.expires_at'),
          })),
        )
        .execute();
    }

    async find(id: string): Promise<Payload | undefined> {
      if (this.model === 'Client') return (await clientMetadata(db, id)) ?? (await registeredClientMetadata(db, id));
      const row = await db
        .selectFrom('oauth_models')
        .select(['payload', 'consumed_at'])
        .where('model', '=', this.model)
        .where('id_hash', '=', digest(id))
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      if (!row) return undefined;
      const payload = { ...(row.payload as Payload), jti: id };
      if (row.consumed_at) payload.consumed = Math.floor(row.consumed_at.getTime() / 1000);
      return payload;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      const row = await db
        .selectFrom('oauth_models')
        .select(['payload'])
        .where('model', '=', this.model)
        .where('uid', '=', uid)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      // A session found by uid is loaded again by its id, which we do not store; the library only needs the payload.
      return row ? (row.payload as Payload) : undefined;
    }

    async findByUserCode(): Promise<undefined> {
      // The device flow is not enabled.
      return undefined;
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oauth_models')
        .set({ consumed_at: sql<Date>`now()` })
        .where('model', '=', this.model)
        .where('id_hash', '=', digest(id))
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oauth_models').where('model', '=', this.model).where('id_hash', '=', digest(id)).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oauth_models').where('grant_id', '=', grantId).execute();
    }
  };
}
