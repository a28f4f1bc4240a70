/**
 * GET /odata/{Set}?$deltatoken=…: what changed in a set since the client's
 * copy (Protocol 4.01 §11.3; JSON Format 4.01 §15 delta payloads).
 *
 * The response holds the entities written since the token's snapshot that
 * match the defining query ($filter, $search; shaped by $select), then the
 * keys removed from the result: deleted (tombstones) or changed so they no
 * longer match. Pages follow next links like any read; the last page
 * carries a new delta link, current to a snapshot taken before this delta's
 * first page, so a change made while the client pages is sent again next
 * time rather than lost.
 *
 * A link older than a purged tombstone (maintenance/purge-tombstones.ts)
 * could miss a deletion, so it is not answered: the result says where to
 * read the whole set again, which the route sends as 410 Gone with that URL
 * in Location (§11.3.2: "If the delta link is no longer valid, the service
 * responds with 410 Gone").
 */
import type { Db } from '../../../platform/db/database.ts';
import type { QueryOptionsNode } from '../ast/index.ts';
import { invalid } from '../compile/compile-error.ts';
import type { ResourcePath } from '../path/resource-path.ts';
import { entityColumnCount } from '../query/compile-plan.ts';
import { compileChanges, compileDeletions, compileSnapshot, type DeltaCursor } from '../query/delta.ts';
import { readRows } from '../query/read-rows.ts';
import { entityWriter } from '../response/entity-writer.ts';
import type { Preferences } from '../response/preferences.ts';
import { annotationNames } from '../response/preferences.ts';
import type { SignedTokens } from '../response/signed-token.ts';
import { buildPlan } from './build-plan.ts';
import { deltaExpired } from '../maintenance/purge-tombstones.ts';
import { deltaLink, entityUrl, nextLink, refetchLink } from './next-link.ts';

export interface DeltaRequest {
  readonly db: Db;
  readonly publicUrl: string;
  readonly tokens: SignedTokens;
  /** The resource path as requested and the raw query string, for the links. */
  readonly resource: string;
  readonly query: string;
  readonly path: ResourcePath;
  readonly options: QueryOptionsNode;
  readonly prefs: Preferences;
  readonly tenantId: string;
}

type Reason = 'deleted' | 'changed';

/** The delta's body, or, for a link past retention, the URL that reads the whole set again. */
export type DeltaResult = { readonly body: string } | { readonly refetch: string };

/** A delta token: the set it was issued for and the snapshot the client's copy is current to. */
export function encodeDeltaToken(tokens: SignedTokens, setName: string, snapshot: string): string {
  return tokens.encode('$deltatoken', [setName, snapshot]);
}

export async function currentSnapshot(db: Db): Promise<string> {
  const { rows } = await compileSnapshot().execute(db);
  return rows[0]!.snapshot;
}

const NOT_WITH_DELTA = ['orderby', 'top', 'skip', 'count', 'expand'] as const;

function checkRequest(request: DeltaRequest): void {
  const { path, options } = request;
  if (path.key !== undefined || path.navigation || path.count) throw invalid(0, '$deltatoken applies to an entity set, as in the delta link');
  for (const name of NOT_WITH_DELTA) {
    if (options[name] !== undefined) throw invalid(0, `$${name} cannot be used with $deltatoken; follow the delta link as given`);
  }
}

export async function readDelta(request: DeltaRequest): Promise<DeltaResult> {
  checkRequest(request);
  const { db, tokens, options, prefs, tenantId, publicUrl } = request;
  const [setName, since] = tokens.decode('$deltatoken', request.options.deltatoken!, 2) as [string, string];
  if (setName !== request.path.set.name) throw invalid(0, `$deltatoken belongs to ${setName}, not ${request.path.set.name}`);

  let snapshot: string;
  let part = 0;
  let after: DeltaCursor | undefined;
  if (options.skiptoken !== undefined) {
    const [kind, taken, tokenPart, version, id] = tokens.decode('$skiptoken', options.skiptoken, 5);
    if (kind !== 'delta') throw invalid(0, '$skiptoken belongs to another query; follow the next link as given');
    [snapshot, part] = [String(taken), Number(tokenPart)];
    after = version === null ? undefined : { version: String(version), id: String(id) };
  } else {
    snapshot = await currentSnapshot(db);
  }

  const limit = prefs.pageSize;
  const { plan, set, selected } = buildPlan({ path: request.path, options: { ...options, skiptoken: undefined, deltatoken: undefined }, tenantId, limit, skipTokens: tokens });
  const writeEntity = entityWriter(plan, prefs.ieee754Compatible);
  const removed = (id: string, reason: Reason) =>
    prefs.version === '4.0'
      ? `{"@odata.context":${JSON.stringify(`${publicUrl}/odata/$metadata#${set.name}/$deletedEntity`)},"id":${JSON.stringify(entityUrl(publicUrl, set.name, id))},"reason":"${reason}"}`
      : `{"@removed":{"reason":"${reason}"},"id":${JSON.stringify(id)}}`;

  const items: string[] = [];
  let next: readonly [number, string | null, string | null] | undefined;
  if (part === 0) {
    const rows = await readRows(db, compileChanges(plan, since, after, limit + 1));
    const version = entityColumnCount(plan);
    for (const row of rows.slice(0, limit)) items.push(row[version + 1] === 'true' ? writeEntity(row) : removed(row[0]!, 'changed'));
    if (rows.length > limit) next = [0, rows[limit - 1]![version]!, rows[limit - 1]![0]!];
    after = undefined;
  }
  if (!next) {
    const room = limit - items.length;
    const { rows } = await compileDeletions(plan, tenantId, since, after, room + 1).execute(db);
    for (const row of rows.slice(0, room)) items.push(removed(row.id, 'deleted'));
    if (rows.length > room) next = room === 0 ? [1, after?.version ?? null, after?.id ?? null] : [1, rows[room - 1]!.v, rows[room - 1]!.id];
  }

  // Checked after the reads, not before: the purge deletes tombstones and raises the horizon in one transaction,
  // so a purge that committed before the deletions were read is always seen here, and none can slip in between.
  if (await deltaExpired(db, tenantId, setName, since)) return { refetch: refetchLink(publicUrl, request.resource, request.query) };

  const shape = selected ? `(${selected.join(',')})` : '';
  let body = `{"@odata.context":${JSON.stringify(`${publicUrl}/odata/$metadata#${set.name}${shape}/$delta`)},"value":[${items.join(',')}]`;
  const [name, link] = next
    ? (['nextLink', nextLink(publicUrl, request.resource, request.query, tokens.encode('$skiptoken', ['delta', snapshot, ...next]))] as const)
    : (['deltaLink', deltaLink(publicUrl, request.resource, request.query, encodeDeltaToken(tokens, set.name, snapshot))] as const);
  for (const annotation of annotationNames(prefs.version, name)) body += `,${JSON.stringify(annotation)}:${JSON.stringify(link)}`;
  return { body: `${body}}` };
}
