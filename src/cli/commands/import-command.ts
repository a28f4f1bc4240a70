/**
 * `commontime import crm <type> <file.csv> --url U --token T [--delete] [--json]`
 * (docs/cli.md): streams the file to a hub's importer with a
 * progress bar of bytes, then polls the job with a progress bar of rows
 * until it ends. An HTTP client of the hub like any other: it needs no
 * database, only the hub's URL and a token with the `import` scope.
 *
 * Output (the CLI contract): the final job document, with its `job` id, on
 * stdout; exit 1 when the upload is refused or the job fails. Without
 * `--json`, progress bars (on a terminal) and a summary go to stderr.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { recordTypeList } from '../../hub/importer/record-types.ts';
import { UsageError } from '../cli-error.ts';
import { requiredString, type Command } from '../command.ts';
import { hubError } from './hub-error.ts';

const POLL_MS = 500;

interface JobDocument {
  readonly status: 'pending' | 'processing' | 'completed' | 'failed';
  readonly processed: number;
  readonly error: string | null;
  readonly error_line: number | null;
}

export const importCrm: Command = {
  name: 'import crm',
  summary: 'Import a CSV file of CRM records into a hub (or delete the records it lists), and wait for the job.',
  positionals: [
    { name: 'type', description: `Record type: ${recordTypeList('or')}.` },
    { name: 'file', description: 'The CSV file (UTF-8, header row first, id the first column).' },
  ],
  options: {
    url: { type: 'string', required: true, description: 'The hub\u2019s URL, e.g. http://localhost:4000.' },
    token: { type: 'string', required: true, description: 'A personal access token with the Import data scope.' },
    delete: { type: 'boolean', description: 'Delete the records whose ids the file lists, instead of creating or updating them.' },
    json: { type: 'boolean', description: 'No progress bars; print the final job document on stdout.' },
  },
  async run(options) {
    const type = requiredString(options, 'type');
    const file = requiredString(options, 'file');
    const base = requiredString(options, 'url').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new UsageError(`import crm: --url must start with http:// or https://, not ${base}`);
    const json = options.json === true;
    const size = (await stat(file)).size;
    const headers = { authorization: `Bearer ${requiredString(options, 'token')}` };

    const bars = new cliProgress.MultiBar(
      { format: '{label} [{bar}] {percentage}% | {value}/{total} {unit}', hideCursor: true, stream: process.stderr, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    const show = !json && process.stderr.isTTY === true;
    const bytesBar = show ? bars.create(size, 0, { label: 'upload', unit: 'bytes' }) : undefined;
    let sent = 0;
    let lines = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sent += chunk.length;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
        bytesBar?.update(sent);
        done(null, chunk);
      },
    });
    const body = Readable.toWeb(createReadStream(file).pipe(counter)) as ReadableStream;
    let response: Response;
    try {
      response = await fetch(`${base}/import/crm/${encodeURIComponent(type)}`, {
        method: options.delete === true ? 'DELETE' : 'PUT',
        headers: { ...headers, 'content-type': 'text/csv' },
        body,
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      bars.stop();
      throw new Error(`could not reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
    }
    if (response.status !== 202) {
      bars.stop();
      throw await hubError(response);
    }
    const { job } = (await response.json()) as { job: string };
    // Lines after the header: the number of records unless values hold line breaks.
    const rowsBar = show ? bars.create(Math.max(lines - 1, 1), 0, { label: 'import', unit: 'records' }) : undefined;
    let document: JobDocument;
    for (;;) {
      const poll = await fetch(`${base}/import/job/${job}`, { headers });
      if (!poll.ok) {
        bars.stop();
        throw await hubError(poll);
      }
      document = (await poll.json()) as JobDocument;
      rowsBar?.update(document.processed);
      if (document.status === 'completed' || document.status === 'failed') break;
      await sleep(POLL_MS);
    }
    if (document.status === 'completed') rowsBar?.setTotal(document.processed);
    bars.stop();
    if (document.status === 'failed') process.exitCode = 1;
    if (json) return { job, ...document };
    const summary =
      document.status === 'completed'
        ? `${type} import completed: ${document.processed} records (job ${job})`
        : `${type} import failed${document.error_line === null ? '' : ` at line ${document.error_line}`}: ${document.error} (job ${job}; nothing was applied)`;
    process.stderr.write(`${document.status === 'failed' ? 'commontime: ' : ''}${summary}\n`);
    return { job, ...document };
  },
};
