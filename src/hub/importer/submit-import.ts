/**
 * Accepting an upload (Four/Four's documentation, docs/importer.md "The 202 means stored": "your client must keep the connection open
 * until the upload completes and Four/Four returns the 202 Accepted
 * response. If your client disconnects before then, the upload is
 * incomplete and the import is not queued").
 *
 * The body streams through the CSV scanner into a spool file; no database
 * connection is held while the client sends, however slowly. Once the last
 * byte arrived and checked out, one connection of the importer's budget
 * (ConnectionBudget) copies the file into the job's staging table: the
 * table, the COPY, the job row and its graphile-worker job are one
 * transaction. A body cut short, a malformed one or a lost database
 * connection therefore leave nothing behind, and the 202 means the file is
 * durably stored. Memory holds one chunk at a time (and the header, at most
 * 1 MiB).
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { ConnectionBudget } from '../../platform/db/connection-budget.ts';
import { enqueue } from '../../platform/jobs/job-queue.ts';
import { onClient } from '../../platform/db/client-kysely.ts';
import { CsvFormatError, CsvScanner } from './csv-scanner.ts';
import { firstColumnIsId, importColumns, MAX_COLUMNS } from './import-columns.ts';
import { IMPORT_TASK, importQueue } from './import-task.ts';
import { ImporterErrors } from './importer-errors.ts';
import type { RecordTypeDefinition } from './record-types.ts';
import { SpoolFile } from './spool-file.ts';
import { createStagingTable, stagingColumns, stagingTableName } from './staging-table.ts';

export interface Submission {
  readonly tenantId: string;
  readonly userId: string;
  readonly definition: RecordTypeDefinition;
  readonly action: 'upsert' | 'delete';
  readonly body: AsyncIterable<Buffer>;
}

/** Where uploads wait for their COPY, and the connections the COPY may take. */
export interface UploadStorage {
  readonly spoolDirectory: string;
  readonly connections: ConnectionBudget;
}

const MAX_HEADER_BYTES = 1024 * 1024;

function malformed(error: unknown): unknown {
  return error instanceof CsvFormatError ? ImporterErrors.IMPORTER_MALFORMED_CSV([error.line, error.message]) : error;
}

/** Spools the upload, then stores it and queues its job; returns the job id once both are committed. */
export async function submitImport(storage: UploadStorage, submission: Submission): Promise<string> {
  const scanner = new CsvScanner({ maxColumns: MAX_COLUMNS, maxHeaderBytes: MAX_HEADER_BYTES });
  const chunks = submission.body[Symbol.asyncIterator]();
  // The header decides the staging table: read it before spooling.
  let afterHeader: Buffer = Buffer.alloc(0);
  let ended = false;
  try {
    while (scanner.header === undefined) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        scanner.end();
        break;
      }
      afterHeader = scanner.write(next.value);
    }
  } catch (error) {
    throw malformed(error);
  }
  const names = scanner.header;
  if (names === undefined) throw ImporterErrors.IMPORTER_EMPTY_BODY();
  if (submission.action === 'upsert') importColumns(submission.definition, names);
  else firstColumnIsId(names);

  const spool = await SpoolFile.create(storage.spoolDirectory);
  try {
    try {
      if (afterHeader.length > 0) await spool.append(afterHeader);
      if (!ended) {
        for (;;) {
          const next = await chunks.next();
          if (next.done) break;
          const out = scanner.write(next.value);
          if (out.length > 0) await spool.append(out);
        }
        scanner.end();
      }
    } catch (error) {
      throw malformed(error);
    }
    return await store(storage.connections, submission, names, spool);
  } finally {
    await spool.close();
  }
}

/** The spooled records into a new staging table, with the job row and its job: one transaction. */
async function store(connections: ConnectionBudget, submission: Submission, names: readonly string[], spool: SpoolFile): Promise<string> {
  const jobId = randomUUID();
  const client = await connections.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    await client.query(createStagingTable(jobId, names.length));
    const columns = ['line', ...stagingColumns(names.length)].join(', ');
    const copy = client.query(copyFrom(`copy ${stagingTableName(jobId)} (${columns}) from stdin with (format csv, encoding 'UTF8', freeze true)`));
    await pipeline(spool.read(), copy);
    const trx = onClient(client);
    // Acceptance order is commit order: jobs of one tenant and type get their seq one commit at a time.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`importer:accept:${submission.tenantId}:${submission.definition.type}`}, 0))`.execute(trx);
    await trx
      .insertInto('import_jobs')
      .values({ tenant_id: submission.tenantId, id: jobId, type: submission.definition.type, action: submission.action, columns: [...names], created_by: submission.userId })
      .execute();
    await enqueue(trx, IMPORT_TASK, { tenant: submission.tenantId, type: submission.definition.type, job: jobId }, { queue: importQueue(submission.tenantId, submission.definition.type) });
    await client.query('commit');
    return jobId;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
