/**
 * GET /odata/{resource path}: entity sets, single entities, navigation and
 * $count, with the query options the engine supports so far.
 *
 * Pipeline: path parser → query-option parser (immutable AST) → plan
 * builder (validation against the model) → SQL compiler (tenant scoped in
 * one place) → entity writer. Responses are OData JSON with
 * `metadata=minimal`: `@odata.context` first, then the count when asked,
 * `value`, then the next links (both spellings for 4.01 clients).
 *
 * Quirk kept on purpose: `$top` is the page size, as on Four/Four. A
 * response holds at most `$top` entities (and at most the server's page
 * size) and carries a next link while more match; the link keeps `$top`.
 * Existing integrations rely on it: they send `top=100` and follow
 * `@nextLink` to the end (Four/Four's clients, whose recorded requests show
 * `top=1` answered with `…?$skip=1&$top=1`). Strict OData reads `$top` as a
 * cap on the whole result; see docs/odata.md.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ServiceContext } from '../../../platform/http/service.ts';
import type { Authenticator } from '../../identity/authenticate.ts';
import type { QueryOptionsNode } from '../ast/index.ts';
import { ODataErrors } from '../odata-errors.ts';
import { ODataSyntaxError, parseQueryOptions } from '../parser/index.ts';
import { parseResourcePath, type ResourcePath } from '../path/resource-path.ts';
import { compileCount, compileRead, rowKeys } from '../query/compile-plan.ts';
import { readRows, type Row } from '../query/read-rows.ts';
import { scopedSource } from '../query/scoped-source.ts';
import { entityWriter } from '../response/entity-writer.ts';
import { annotationNames, MAX_PAGE_SIZE, readPreferences, type Preferences } from '../response/preferences.ts';
import { asksForJson, ODATA_JSON } from '../response/media-type.ts';
import { signedTokens } from '../response/signed-token.ts';
import { sharedSecret } from '../../../platform/secrets/platform-secrets.ts';
import { ConcurrencySlots } from '../../../platform/limits/concurrency-slots.ts';
import { randomBytes } from 'node:crypto';
import { buildPlan } from './build-plan.ts';
import { planExpansion, withExpansions } from './expand.ts';
import { currentSnapshot, encodeDeltaToken, readDelta } from './delta-read.ts';
import { DELTA_RETENTION_DAYS } from '../maintenance/purge-tombstones.ts';
import { deltaLink, nextLink } from './next-link.ts';
import { streamPage } from './page-stream.ts';


/** The request's query options; a syntax error (a repeated option included) is a 400 ODATA_SYNTAX. */
export function parseOptions(query: string): QueryOptionsNode {
  try {
    return parseQueryOptions(query);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw ODataErrors.ODATA_SYNTAX([error.message]);
    throw error;
  }
}

function send(reply: FastifyReply, prefs: Preferences, body: string) {
  return reply.header('odata-version', prefs.version).header('content-type', ODATA_JSON).send(Buffer.from(body));
}

/** Protocol 4.01 §8.3.6 (Preference-Applied): the preferences this response honoured. */
function preferenceApplied(prefs: Preferences, tracked: boolean): string {
  return [...(prefs.pageSizeRequested ? [`odata.maxpagesize=${prefs.pageSize}`] : []), ...(tracked ? ['odata.track-changes'] : [])].join(', ');
}

async function parentExists(db: Kysely<any>, path: ResourcePath, tenantId: string): Promise<boolean> {
  const parent = scopedSource(path.set.table, 'p', tenantId);
  const { rows } = await sql`select 1 from ${parent.from} where ${parent.tenantCondition} and ${parent.column('id')} = ${path.key!}`.execute(db);
  return rows.length > 0;
}

/**
 * A backstop for values the compiler's checks let through but PostgreSQL
 * rejects when it runs the query (a year 0 date, an int8 overflow, an
 * invalid regular expression, a NUL character): SQLSTATE class 22 (data
 * exception) and the type errors 42804/42883 are the request's fault, so
 * they answer 400 with PostgreSQL's words, never a 500.
 */
function asClientError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('22') || code === '42804' || code === '42883') && error instanceof Error) {
    return ODataErrors.ODATA_INVALID_QUERY([`a value or operation in the query is not valid for its type: ${error.message}`]);
  }
  return error;
}

export const readRoutes: FastifyPluginAsync<ServiceContext & { authenticator: Authenticator }> = async (app, { db, config, authenticator }) => {
  const tokens = signedTokens(await sharedSecret(db, 'odata.skiptoken-key', () => randomBytes(32).toString('base64url')));
  // A streaming page keeps its pool connection until its client has read it (page-stream.ts).
  const streams = new ConcurrencySlots('streamed pages', { perKey: config.streamedPagesPerWorkspace, total: config.streamedPagesTotal });
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.raw.url ?? '';
    const queryStart = url.indexOf('?');
    const resource = (queryStart === -1 ? url : url.slice(0, queryStart)).slice('/odata/'.length).replace(/\/$/, '');
    const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const path = parseResourcePath(resource);
    const options = parseOptions(query);
    // Protocol 4.01 §11.2.11 ($format) and §9.2.3: a format the service cannot produce is 406. JSON may carry parameters (odata.metadata=…).
    if (options.format !== undefined && !asksForJson(options.format)) throw ODataErrors.ODATA_NOT_ACCEPTABLE([options.format.slice(0, 100)]);
    const prefs = readPreferences(request.headers);
    const tenantId = request.principal!.tenantId;
    if (options.deltatoken !== undefined) {
      const delta = await readDelta({ db, publicUrl: config.publicUrl, tokens, resource, query, path, options, prefs, tenantId });
      if ('refetch' in delta) {
        reply.header('location', delta.refetch);
        throw ODataErrors.ODATA_DELTA_EXPIRED([String(DELTA_RETENTION_DAYS)], { target: '$deltatoken' });
      }
      return send(reply.header('preference-applied', preferenceApplied(prefs, true)), prefs, delta.body);
    }
    if (path.key !== undefined && path.navigation && !(await parentExists(db, path, tenantId))) {
      throw ODataErrors.ODATA_ENTITY_NOT_FOUND([path.set.type, path.key]);
    }

    const single = (path.key !== undefined && !path.navigation) || path.navigation?.kind === 'one';
    const pageLimit = single ? 1 : Math.min(options.top ?? prefs.pageSize, prefs.pageSizeRequested ? prefs.pageSize : MAX_PAGE_SIZE);
    const built = buildPlan({ path, options, tenantId, limit: pageLimit, skipTokens: tokens });

    if (path.count) {
      const { rows } = await compileCount(built.countPlan).execute(db);
      return reply.header('odata-version', prefs.version).type('text/plain').send(rows[0]!.count);
    }

    const expand = options.expand ?? [];
    // Change tracking (Protocol 4.01 §8.2.8.9, §11.3) covers a whole set's collection; elsewhere the preference is not applied.
    const trackable = !single && !path.navigation && expand.length === 0;
    const snapshot = built.snapshot ?? (trackable && prefs.trackChanges && options.skiptoken === undefined ? await currentSnapshot(db) : undefined);
    const writeEntity = entityWriter(built.plan, prefs.ieee754Compatible);
    // Planned only when asked for: the export's pages, on the hot path, have no $expand.
    const expansion =
      expand.length === 0
        ? undefined
        : planExpansion({
            db,
            set: built.set,
            tenantId,
            items: expand,
            prefs,
            aliases: options.aliases,
            publicUrl: config.publicUrl,
            aliasParameters: query.split('&').filter((part) => part.startsWith('@') || part.slice(0, 3).toLowerCase() === '%40'),
            tokens,
            limitBytes: config.expandLimitBytes,
          });
    const shape = [...(built.selected ?? (expansion ? ['*'] : [])), ...(expansion?.context ?? [])];
    const context = `${config.publicUrl}/odata/$metadata#${built.set.name}${shape.length ? `(${shape.join(',')})` : ''}`;

    if (single) {
      const [row] = await (expansion ? expansion.readEntities(compileRead(built.plan)) : readRows(db, compileRead(built.plan)));
      if (!row) throw ODataErrors.ODATA_ENTITY_NOT_FOUND([built.set.type, path.key ?? '']);
      const entity = withExpansions(writeEntity(row), (await expansion?.run([row[0]!]))?.get(row[0]!));
      return send(reply, prefs, `{"@odata.context":${JSON.stringify(`${context}/$entity`)}${entity.length > 2 ? `,${entity.slice(1)}` : '}'}`);
    }

    let head = `{"@odata.context":${JSON.stringify(context)}`;
    if (options.count) {
      const { rows: counted } = await compileCount(built.countPlan).execute(db);
      for (const name of annotationNames(prefs.version, 'count')) head += `,${JSON.stringify(name)}:${counted[0]!.count}`;
    }
    head += ',"value":[';
    const tail = (last: Row | undefined, more: boolean) => {
      let links = '';
      if (more && last) {
        const link = nextLink(config.publicUrl, resource, query, tokens.encode('$skiptoken', [built.orderSignature, snapshot ?? null, ...rowKeys(built.plan, last)]));
        for (const name of annotationNames(prefs.version, 'nextLink')) links += `,${JSON.stringify(name)}:${JSON.stringify(link)}`;
      } else if (snapshot !== undefined) {
        const link = deltaLink(config.publicUrl, resource, query, encodeDeltaToken(tokens, built.set.name, snapshot));
        for (const name of annotationNames(prefs.version, 'deltaLink')) links += `,${JSON.stringify(name)}:${JSON.stringify(link)}`;
      }
      return `]${links}}`;
    };
    const applied = preferenceApplied(prefs, snapshot !== undefined);
    if (applied) reply.header('preference-applied', applied);
    const page = compileRead({ ...built.plan, limit: pageLimit + 1 });

    if (expansion) {
      // Expansions need every parent id of the page first, so the page is built whole: nothing is sent before it is complete.
      const rows = await expansion.readEntities(page);
      const entities = rows.slice(0, pageLimit);
      const expansions = await expansion.run(entities.map((row) => row[0]!));
      const values = entities.map((row) => withExpansions(writeEntity(row), expansions.get(row[0]!)));
      return send(reply, prefs, `${head}${values.join(',')}${tail(entities.at(-1), rows.length > pageLimit)}`);
    }
    reply.header('odata-version', prefs.version).header('content-type', ODATA_JSON);
    const whole = await streamPage(reply, { db, query: page, limit: pageLimit, writeEntity, head, tail, slot: () => streams.acquire(tenantId) });
    return whole === undefined ? reply : send(reply, prefs, whole);
  };

  app.get('/odata/*', { preHandler: authenticator.requireToken({ scope: 'api:read', allowBasic: true }) }, async (request, reply) => {
    try {
      return await handle(request, reply);
    } catch (error) {
      throw asClientError(error);
    }
  });
};
