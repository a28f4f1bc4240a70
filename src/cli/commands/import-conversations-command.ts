/**
 * `commontime import conversations <file> --url U --token T [--param k=v]… [--content-type T] [--json]`
 * (docs/cli.md): sends a file of conversations (JSON, NDJSON) or one
 * transcript (WebVTT, SubRip, plain text) to a hub's
 * `POST /import/conversations`, then polls the job until every
 * conversation is processed or failed. An HTTP client of the hub like any
 * other: it needs only the hub's URL and a token with the `import` scope.
 *
 * The media type follows the file's extension unless `--content-type`
 * says otherwise; a transcript's metadata (id, type, started_at, the
 * speakers' roles) goes in `--param`, one per query parameter.
 *
 * Output (the CLI contract): the final job document, with its `job` id,
 * on stdout; exit 1 when the upload is refused or any conversation fails.
 * Without `--json`, a summary goes to stderr.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobDocument } from '../../hub/importer/import-jobs.ts';
import { UsageError } from '../cli-error.ts';
import { requiredString, type Command } from '../command.ts';
import { hubError } from './hub-error.ts';

const POLL_MS = 500;

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.vtt': 'text/vtt',
  '.srt': 'application/x-subrip',
  '.txt': 'text/plain',
};

function queryOf(params: readonly string[]): string {
  const query = new URLSearchParams();
  for (const param of params) {
    const at = param.indexOf('=');
    if (at <= 0) throw new UsageError(`import conversations: --param takes name=value, not ${JSON.stringify(param)}`);
    query.append(param.slice(0, at), param.slice(at + 1));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export const importConversations: Command = {
  name: 'import conversations',
  summary: 'Upload conversations (JSON, NDJSON) or one transcript (WebVTT, SubRip, text) to a hub, and wait until they are processed.',
  positionals: [{ name: 'file', description: 'A .json, .ndjson/.jsonl, .vtt, .srt or .txt file (UTF-8).' }],
  options: {
    url: { type: 'string', required: true, description: 'The hub\u2019s URL, e.g. http://localhost:4000.' },
    token: { type: 'string', required: true, description: 'A personal access token with the Import data scope.' },
    param: { type: 'string', multiple: true, description: 'A transcript\u2019s metadata as name=value (id, type, started_at, customer, internal, …), once per parameter.' },
    'content-type': { type: 'string', description: 'The media type, when the extension does not tell it (application/json, application/x-ndjson, text/vtt, application/x-subrip, text/plain).' },
    json: { type: 'boolean', description: 'No summary; print the final job document on stdout.' },
  },
  async run(options) {
    const file = requiredString(options, 'file');
    const base = requiredString(options, 'url').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(base)) throw new UsageError(`import conversations: --url must start with http:// or https://, not ${base}`);
    const contentType = requiredString(options, 'content-type') || BY_EXTENSION[path.extname(file).toLowerCase()];
    if (!contentType) throw new UsageError(`import conversations: cannot tell the media type of ${file} from its extension; give --content-type`);
    const query = queryOf(((options.param as string[] | undefined) ?? []).map(String));
    const headers = { authorization: `Bearer ${requiredString(options, 'token')}` };
    const body = await readFile(file);
    let response: Response;
    try {
      response = await fetch(`${base}/import/conversations${query}`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
    } catch (error) {
      throw new Error(`could not reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
    }
    if (response.status !== 202) throw await hubError(response);
    const { job } = (await response.json()) as { job: string };
    let document: JobDocument;
    for (;;) {
      const poll = await fetch(`${base}/import/job/${job}`, { headers });
      if (!poll.ok) throw await hubError(poll);
      document = (await poll.json()) as JobDocument;
      if (document.status === 'completed' || document.status === 'failed') break;
      await sleep(POLL_MS);
    }
    if (document.status === 'failed') process.exitCode = 1;
    if (options.json !== true) {
      const total = document.conversations?.length ?? document.processed;
      const failed = document.conversations?.filter((c) => c.status === 'failed').length ?? 0;
      const summary =
        document.status === 'completed'
          ? `conversation import completed: ${total} conversations processed (job ${job})`
          : `conversation import failed: ${failed} of ${total} conversations failed, the first: ${document.error} (job ${job}; the others are processed)`;
      process.stderr.write(`${document.status === 'failed' ? 'commontime: ' : ''}${summary}\n`);
    }
    return { job, ...document };
  },
};
