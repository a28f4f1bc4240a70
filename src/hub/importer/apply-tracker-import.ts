/**
 * Writes a checked tracker import (tracker-input.ts) in one transaction:
 * every record or none (docs/importer.md, "Tracker import").
 *
 * - **Identity.** A record is found by its service and its id in the
 *   tracker: a project by `service` and `service_id` (so a project that a
 *   connector or the demo wrote is updated, not duplicated), an issue or a
 *   comment by its name-based id (tracker-ids.ts). New projects get the
 *   name-based id too, so two concurrent imports of one new project meet on
 *   the primary key and the second updates.
 * - **Replacement.** A record is stored as sent: a field left out is
 *   emptied, except `created`, which keeps its earlier value. `updated` is
 *   the time of the import, as in the CRM importer, for incremental
 *   readers. `insight_count` belongs to tracker linking and is only set, to
 *   0, on a new issue.
 * - **References.** An issue's `project_id` must be a project of the same
 *   service and workspace, in this body or imported before, and a comment's
 *   `issue_id` likewise an issue: projects are written first, then issues,
 *   then comments, each after its references were checked. The checks
 *   filter by tenant, since name-based ids are equal across workspaces.
 * - **Set-based.** Each kind is one check and one `insert … on conflict`
 *   over the body's records as JSON, whatever their number. Issues are
 *   written in id order, the order in which tracker linking locks them.
 * - **Linking.** An import that wrote issues or comments marks the
 *   tenant's issues changed in its transaction (tracker-changes.ts): every
 *   process's index of them is stale once it commits, and the relink job
 *   that links every insight again exists exactly when the records do.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { findEntitySet } from '../odata/model/registry.ts';
import { trackerIssuesChanged } from '../processing/tracker-linking/tracker-changes.ts';
import { standardRule } from './field-rules.ts';
import { trackerRecordId } from './tracker-ids.ts';
import { TrackerImportErrors } from './tracker-import-errors.ts';
import { TRACKER_KINDS, type TrackerImport, type TrackerKind } from './tracker-input.ts';

export interface Written {
  readonly created: number;
  readonly updated: number;
}

export type TrackerImportResult = { readonly service: string } & Readonly<Record<TrackerKind, Written>>;

// Every tracker set's `created` has the CRM importer's date-time rule.
const CREATED = standardRule(findEntitySet('TrackerIssues')!.properties.find((p) => p.name === 'created')!);

const json = (rows: readonly object[]) => sql`${JSON.stringify(rows)}::jsonb`;

async function checkCreated(trx: Kysely<Database>, input: TrackerImport): Promise<void> {
  const records = TRACKER_KINDS.flatMap((kind): readonly { at: string; created: string | null }[] => input[kind]).filter((record) => record.created !== null);
  if (records.length === 0) return;
  const { rows } = await sql<{ k: string }>`
    select u.k from unnest(${records.map((r) => r.created)}::text[]) with ordinality as u(v, k)
    where not (${sql.raw(CREATED.accepts('u.v'))}) order by u.k limit 1`.execute(trx);
  if (rows[0]) {
    const record = records[Number(rows[0].k) - 1]!;
    throw TrackerImportErrors.IMPORTER_TRACKER_INVALID_BODY([`${record.at}.created must be ${CREATED.expected}, not ${JSON.stringify(record.created!.slice(0, 80))}`], { target: `${record.at}.created` });
  }
}

/** Counts the rows an `insert … returning (xmax = 0) as inserted` wrote. */
async function written(trx: Kysely<Database>, insert: RawBuilder<unknown>): Promise<Written> {
  const { rows } = await sql<{ created: string; updated: string }>`
    with w as (${insert}) select count(*) filter (where inserted) as created, count(*) filter (where not inserted) as updated from w`.execute(trx);
  return { created: Number(rows[0]!.created), updated: Number(rows[0]!.updated) };
}

/** The first record (by its position in `rows`) whose reference finds nothing, if any. */
async function firstUnresolved(trx: Kysely<Database>, refs: readonly string[], exists: (ref: RawBuilder<unknown>) => RawBuilder<unknown>): Promise<number | undefined> {
  if (refs.length === 0) return undefined;
  const { rows } = await sql<{ k: string }>`
    select u.k from unnest(${refs}::text[]) with ordinality as u(ref, k) where not exists (${exists(sql`u.ref`)}) order by u.k limit 1`.execute(trx);
  return rows[0] ? Number(rows[0].k) - 1 : undefined;
}

export async function applyTrackerImport(db: Db, tenantId: string, input: TrackerImport): Promise<TrackerImportResult> {
  const t = sql`${tenantId}::uuid`;
  const s = sql`${input.service}::uuid`;
  const created = (column: string) => sql.raw(CREATED.convert(column));
  return db.transaction().execute(async (trx) => {
    // Date-times without an offset are UTC, as in the CRM importer (field-rules.ts).
    await sql`set local timezone = 'UTC'`.execute(trx);
    await checkCreated(trx, input);

    const projects = await written(trx, sql`
      insert into tracker_projects as t (tenant_id, id, key, name, service, service_id, url, created, updated)
      select ${t}, coalesce((select p.id from tracker_projects p where p.tenant_id = ${t} and p.service = ${s} and p.service_id = x.service_id order by p.id limit 1), x.hub_id),
        x.key, x.name, ${s}, x.service_id, x.url, ${created('x.created')}, now()
      from jsonb_to_recordset(${json(input.projects.map((r) => ({ hub_id: trackerRecordId(input.service, 'project', r.id), service_id: r.id, key: r.key, name: r.name, url: r.url, created: r.created })))})
        as x(hub_id text, service_id text, key text, name text, url text, created text)
      on conflict (tenant_id, id) do update set key = excluded.key, name = excluded.name, service = excluded.service, service_id = excluded.service_id,
        url = excluded.url, created = coalesce(excluded.created, t.created), updated = excluded.updated
      returning (t.xmax = 0) as inserted`);

    const projectOf = (ref: RawBuilder<unknown>) => sql`select p.id from tracker_projects p where p.tenant_id = ${t} and p.service = ${s} and p.service_id = ${ref} order by p.id limit 1`;
    const orphanIssue = await firstUnresolved(trx, input.issues.map((r) => r.project_id), projectOf);
    if (orphanIssue !== undefined) {
      const record = input.issues[orphanIssue]!;
      throw TrackerImportErrors.IMPORTER_TRACKER_UNKNOWN_REFERENCE([`${record.at}.project_id`, JSON.stringify(record.project_id), 'project'], { target: `${record.at}.project_id` });
    }
    const issues = await written(trx, sql`
      insert into tracker_issues as t (tenant_id, id, project_id, key, title, description, status, priority, issue_type, assignee, url, insight_count, created, updated)
      select ${t}, x.hub_id, (${projectOf(sql`x.project_ref`)}), x.key, x.title, x.description, x.status, x.priority, x.issue_type, x.assignee, x.url, 0, ${created('x.created')}, now()
      from jsonb_to_recordset(${json(input.issues.map(({ at: _, id, project_id, ...fields }) => ({ hub_id: trackerRecordId(input.service, 'issue', id), project_ref: project_id, ...fields })))})
        as x(hub_id text, project_ref text, key text, title text, description text, status text, priority text, issue_type text, assignee text, url text, created text)
      order by x.hub_id
      on conflict (tenant_id, id) do update set project_id = excluded.project_id, key = excluded.key, title = excluded.title, description = excluded.description,
        status = excluded.status, priority = excluded.priority, issue_type = excluded.issue_type, assignee = excluded.assignee, url = excluded.url,
        created = coalesce(excluded.created, t.created), updated = excluded.updated
      returning (t.xmax = 0) as inserted`);

    const issueIds = input.comments.map((r) => trackerRecordId(input.service, 'issue', r.issue_id));
    const orphanComment = await firstUnresolved(trx, issueIds, (ref) => sql`select 1 from tracker_issues i where i.tenant_id = ${t} and i.id = ${ref}`);
    if (orphanComment !== undefined) {
      const record = input.comments[orphanComment]!;
      throw TrackerImportErrors.IMPORTER_TRACKER_UNKNOWN_REFERENCE([`${record.at}.issue_id`, JSON.stringify(record.issue_id), 'issue'], { target: `${record.at}.issue_id` });
    }
    const comments = await written(trx, sql`
      insert into tracker_comments as t (tenant_id, id, issue_id, author, body, created, updated)
      select ${t}, x.hub_id, x.issue_hub_id, x.author, x.body, ${created('x.created')}, now()
      from jsonb_to_recordset(${json(input.comments.map((r, k) => ({ hub_id: trackerRecordId(input.service, 'comment', r.id), issue_hub_id: issueIds[k], author: r.author, body: r.body, created: r.created })))})
        as x(hub_id text, issue_hub_id text, author text, body text, created text)
      on conflict (tenant_id, id) do update set issue_id = excluded.issue_id, author = excluded.author, body = excluded.body,
        created = coalesce(excluded.created, t.created), updated = excluded.updated
      returning (t.xmax = 0) as inserted`);

    if (issues.created + issues.updated + comments.created + comments.updated > 0) await trackerIssuesChanged(trx, tenantId);
    return { service: input.service, projects, issues, comments };
  });
}
