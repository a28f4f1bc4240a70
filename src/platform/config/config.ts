/**
 * Process configuration, read once from environment variables.
 *
 * Every variable is declared once in `VARIABLES`, which validation reads and
 * to which docs.test.ts holds the README's configuration table, so a
 * variable cannot be documented without being validated or the reverse.
 * An invalid value throws a `ConfigError` naming the variable and what was
 * expected, and `npm start` stops before touching the database.
 */
import net from 'node:net';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly contactCenterPort: number;
  readonly messagingPort: number;
  /** Apps API requests per second per contact center (seed 003: 1). */
  readonly ccRateLimit: number;
  /** Simulated seconds per real second of the contact center's telephony (1440: a day in a minute). */
  readonly ccTimeScale: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly trustProxy: readonly string[];
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly workerConcurrency: number;
  readonly workerPollIntervalMs: number;
  readonly bodyLimitBytes: number;
  readonly bodyIdleTimeoutMs: number;
  readonly bodyMinBytesPerSecond: number;
  readonly headersTimeoutMs: number;
  readonly oauthAccessTokenTtlSeconds: number;
  readonly tokenCacheSeconds: number;
  readonly allowInsecureWebhooks: boolean;
  readonly allowLoopbackClientMetadata: boolean;
  /** Seconds before each retry of a failed webhook delivery; its length is the number of retries. */
  readonly webhookRetrySchedule: readonly number[];
  readonly webhookTimeoutMs: number;
  readonly webhookConcurrency: number;
  readonly responseStallSeconds: number;
  readonly streamedPagesPerWorkspace: number;
  readonly streamedPagesTotal: number;
  readonly expandLimitBytes: number;
  readonly importConcurrency: number;
  readonly importConcurrencyPerWorkspace: number;
  /** Where uploads are spooled; undefined: the OS temporary directory. */
  readonly importSpoolDir: string | undefined;
  /** Longest a processing run may hold a conversation before the watchdog takes it back. */
  readonly processingTimeoutSeconds: number;
  /** Heap of the worker thread that clusters a topic model's insights, in MiB. */
  readonly topicsBuildMemoryMb: number;
  /** Names whose mention by a customer is a `competitor` insight. */
  readonly competitors: readonly string[];
  /** With embeddings: the cosine from which an insight's vector links it to a tracker issue's. */
  readonly trackerLinkVectorThreshold: number;
  readonly embeddings: EmbeddingsKind;
  /** The OpenAI-compatible API base, ending before `/embeddings` (docs/processing.md "Embeddings"). */
  readonly embeddingsBaseUrl: string | undefined;
  /** The model asked of the server, or the name recorded for a local ONNX model. */
  readonly embeddingsModel: string | undefined;
  readonly embeddingsApiKey: string | undefined;
  /** A directory holding a sentence-transformers ONNX export. */
  readonly embeddingsModelPath: string | undefined;
  readonly embeddingsTimeoutMs: number;
  readonly embeddingsBatchSize: number;
  readonly analyzer: AnalyzerKind;
  /** The OpenAI-compatible API base, ending before `/chat/completions` (docs/processing.md "Analyzers"). */
  readonly analyzerBaseUrl: string | undefined;
  readonly analyzerModel: string | undefined;
  readonly analyzerApiKey: string | undefined;
  readonly analyzerTimeoutMs: number;
  readonly analyzerMaxInputChars: number;
  /** Region of phone numbers written without a country code (CRM matching); undefined: only international numbers match. */
  readonly phoneDefaultRegion: CountryCode | undefined;
}

export type EmbeddingsKind = 'none' | 'openai-compatible' | 'onnx';
export type AnalyzerKind = 'local' | 'openai-compatible';

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, expected: string, got: string) {
    super(`${variable} must be ${expected}, got ${JSON.stringify(got)}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

interface Variable<K extends keyof Config> {
  readonly key: K;
  readonly name: string;
  readonly description: string;
  /** The documented default, as a user would write it. */
  readonly defaultText: string;
  readonly parse: (raw: string | undefined, env: Env) => Config[K];
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function port(name: string, fallback: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
      throw new ConfigError(name, 'a TCP port number from 1 to 65535', raw);
    }
    return value;
  };
}

function wholeNumber(name: string, fallback: number, min: number, max: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
    }
    return value;
  };
}

/** A number above 0 and at most `max`, decimals allowed (a rate, a time scale). */
function positiveDecimal(name: string, fallback: number, max: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0 && value <= max)) throw new ConfigError(name, `a number above 0 and at most ${max}, such as ${fallback}`, raw);
    return value;
  };
}

const positiveInteger = (name: string, fallback: number, max: number) => wholeNumber(name, fallback, 1, max);

/** A decimal number strictly between 0 and 1, such as a cosine threshold. */
function unitFraction(name: string, fallback: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^0?\.\d+$/.test(raw) || !(value > 0 && value < 1)) throw new ConfigError(name, 'a decimal number between 0 and 1, such as 0.6', raw);
    return value;
  };
}

/** A URL as a config error may echo it: without its user-info (RFC 3986 §3.2.1), which may hold a password. */
function withoutUserInfo(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:(?:\/\/)?)?[^/?#]*@/i, '$1***@');
}

/** `raw` as an absolute http(s) URL, or a `ConfigError` saying `expected`. */
function parseHttpUrl(name: string, raw: string, expected: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError(name, expected, withoutUserInfo(raw));
  return url;
}

function httpUrl(name: string, raw: string): string {
  const url = parseHttpUrl(name, raw, 'an absolute http(s) URL such as https://commontime.example.com');
  // The OAuth issuer must equal the URL its metadata is fetched from (RFC 8414 §3.3), and
  // every route sits at the root: an origin only.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(name, 'an origin only (scheme, host and port), without path, query or credentials', withoutUserInfo(raw));
  }
  return url.origin;
}

function flag(name: string) {
  return (raw: string | undefined): boolean => {
    const value = (raw ?? '').trim().toLowerCase();
    if (['', '0', 'false', 'no'].includes(value)) return false;
    if (['1', 'true', 'yes'].includes(value)) return true;
    throw new ConfigError(name, 'true or false (1/0, yes/no)', raw ?? '');
  };
}

function retrySchedule(name: string, fallback: readonly number[]) {
  return (raw: string | undefined): readonly number[] => {
    if (raw === undefined || raw.trim() === '') return fallback;
    const parts = raw.split(',').map((part) => part.trim());
    const values = parts.map(Number);
    if (parts.length > 10 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part)) || values.some((v) => v > 86_400)) {
      throw new ConfigError(name, '1 to 10 comma-separated delays in seconds, each at most 86400, such as 10,60,300', raw);
    }
    return Object.freeze(values);
  };
}

function oneOf<T extends string>(name: string, values: readonly T[], fallback: T) {
  return (raw: string | undefined): T => {
    if (raw === undefined || raw === '') return fallback;
    const value = raw.trim().toLowerCase() as T;
    if (!values.includes(value)) throw new ConfigError(name, `one of ${values.join(', ')}`, raw);
    return value;
  };
}

const EMBEDDINGS_KINDS: readonly EmbeddingsKind[] = ['none', 'openai-compatible', 'onnx'];
const ANALYZER_KINDS: readonly AnalyzerKind[] = ['local', 'openai-compatible'];
const embeddingsKind = oneOf('EMBEDDINGS', EMBEDDINGS_KINDS, 'none');
const analyzerKind = oneOf('ANALYZER', ANALYZER_KINDS, 'local');

/**
 * Refuses a setting that belongs to other choices of `selector` than the
 * one made, so that a setting that would be silently ignored (a model path
 * without `EMBEDDINGS=onnx`, a timeout without a server) stops the start
 * instead. Secrets are never echoed.
 */
function refuseUnlessChosen(name: string, selector: string, choices: readonly string[], chosen: string, raw: string | undefined, secret = false): void {
  if (raw !== undefined && raw !== '' && !choices.includes(chosen)) {
    throw new ConfigError(name, `unset unless ${selector}=${choices.join(' or ')} (${selector} is ${chosen})`, secret ? '***' : raw);
  }
}

/** A setting that only `choices` of `selector` take; `required` says what it is when the choice made needs it. */
function dependent<T>(name: string, selector: string, choices: readonly string[], chosen: string, parse: (raw: string) => T, options: { required?: string; secret?: boolean } = {}) {
  return (raw: string | undefined): T | undefined => {
    refuseUnlessChosen(name, selector, choices, chosen, raw, options.secret);
    if (raw === undefined || raw === '') {
      if (options.required && choices.includes(chosen)) throw new ConfigError(name, `set when ${selector}=${chosen}: ${options.required}`, '');
      return undefined;
    }
    return parse(raw);
  };
}

/** A number that only `choices` of `selector` use; its default otherwise, so that the configuration stays whole. */
function dependentNumber(name: string, selector: string, choices: readonly string[], chosen: string, raw: string | undefined, parse: (raw: string | undefined) => number): number {
  refuseUnlessChosen(name, selector, choices, chosen, raw);
  return parse(raw);
}

/**
 * The base of an OpenAI-compatible API. An origin alone gets `/v1` (how
 * Ollama, vLLM and LM Studio serve it); a URL with a path is taken as the
 * API base as it is, like the OpenAI SDKs' `baseURL`, so hosted APIs under
 * other prefixes work too.
 */
function apiBase(name: string) {
  return (raw: string): string => {
    const expected = 'an http(s) URL of an OpenAI-compatible API such as http://127.0.0.1:11434/v1';
    const url = parseHttpUrl(name, raw, expected);
    // Only the origin is echoed: a query may hold a key.
    if (url.search || url.hash || url.username || url.password) {
      throw new ConfigError(name, `${expected}, without query, fragment or credentials (the key goes in the _API_KEY variable)`, url.origin);
    }
    const pathname = url.pathname.replace(/\/+$/, '');
    return `${url.origin}${pathname === '' ? '/v1' : pathname}`;
  };
}

/**
 * An API key goes into an HTTP header as it is: visible ASCII only
 * (RFC 9110 §5.5 field values; RFC 6750 §2.1 b64token). A key pasted with a
 * line break, a space or typographic quotes is refused here, not by every
 * request later. Never echoed.
 */
function apiKey(name: string) {
  return (raw: string): string => {
    if (!/^[\x21-\x7e]+$/.test(raw)) throw new ConfigError(name, 'visible ASCII characters only, without spaces or line breaks', '***');
    return raw;
  };
}

function modelName(name: string) {
  return (raw: string): string => {
    if (raw.trim() !== raw || raw.length > 256 || /[\u0000-\u001f]/.test(raw)) throw new ConfigError(name, 'a model name of at most 256 characters', raw);
    return raw;
  };
}

/** The files of a sentence-transformers ONNX export that transformers.js reads (docs/processing.md "Embeddings"). */
const ONNX_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
export const ONNX_WEIGHT_FILES = ['onnx/model.onnx', 'onnx/model_quantized.onnx'] as const;

function onnxModelDirectory(raw: string): string {
  const directory = path.resolve(raw);
  const expected = `a directory holding a sentence-transformers ONNX export (${ONNX_MODEL_FILES.join(', ')} and ${ONNX_WEIGHT_FILES.join(' or ')})`;
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new ConfigError('EMBEDDINGS_MODEL_PATH', `${expected}; no directory there`, raw);
  const missing: string[] = ONNX_MODEL_FILES.filter((file) => !existsSync(path.join(directory, file)));
  if (!ONNX_WEIGHT_FILES.some((file) => existsSync(path.join(directory, file)))) missing.push(ONNX_WEIGHT_FILES.join(' or '));
  if (missing.length > 0) throw new ConfigError('EMBEDDINGS_MODEL_PATH', `${expected}; missing ${missing.join(', ')}`, raw);
  return directory;
}

export const VARIABLES: readonly Variable<keyof Config>[] = [
  {
    key: 'port',
    name: 'PORT',
    description: 'TCP port of the hub (OAuth, OData, importer, webhooks, MCP, pages).',
    defaultText: '4000',
    parse: port('PORT', 4000),
  },
  {
    key: 'contactCenterPort',
    name: 'CONTACT_CENTER_PORT',
    description: 'TCP port of the contact center (Apps API).',
    defaultText: '4001',
    parse: port('CONTACT_CENTER_PORT', 4001),
  },
  {
    key: 'messagingPort',
    name: 'MESSAGING_PORT',
    description: 'TCP port of the messaging platform (Web1on1 v2 API).',
    defaultText: '4002',
    parse: port('MESSAGING_PORT', 4002),
  },
  {
    key: 'ccRateLimit',
    name: 'CC_RATE_LIMIT',
    description: 'Apps API requests per second per contact center (seed 003 says 1); over it a request gets 429 with `Retry-After`. Counted in PostgreSQL, across all processes.',
    defaultText: '1',
    parse: positiveDecimal('CC_RATE_LIMIT', 1, 100_000),
  },
  {
    key: 'ccTimeScale',
    name: 'CC_TIME_SCALE',
    description: 'How fast the contact center\'s simulated telephony runs: simulated seconds per real second (`1440` runs a day in a minute). A center\'s own setting overrides it.',
    defaultText: '1',
    parse: positiveDecimal('CC_TIME_SCALE', 1, 1_000_000),
  },
  {
    key: 'host',
    name: 'HOST',
    description: 'Interface the services listen on; `0.0.0.0` to accept connections from other machines.',
    defaultText: '127.0.0.1',
    parse: (raw) => {
      if (raw === undefined || raw === '') return '127.0.0.1';
      if (!/^[A-Za-z0-9.:\-\[\]]+$/.test(raw)) {
        throw new ConfigError('HOST', 'an IP address or host name', raw);
      }
      return raw;
    },
  },
  {
    key: 'publicUrl',
    name: 'PUBLIC_URL',
    description: 'The hub\'s URL as clients reach it (behind a proxy: the proxy\'s URL); used in links, `Location` headers and OAuth metadata.',
    defaultText: 'http://localhost:$PORT',
    parse: (raw, env) => {
      if (raw === undefined || raw === '') return `http://localhost:${port('PORT', 4000)(env.PORT)}`;
      return httpUrl('PUBLIC_URL', raw);
    },
  },
  {
    key: 'trustProxy',
    name: 'TRUST_PROXY',
    description: 'Addresses or CIDR ranges of the reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed, comma-separated: the client address that logs show and that the OAuth client registration limit counts comes from them. Set it to your load balancer\'s addresses when it runs on another machine; never to a range clients can send from.',
    defaultText: '127.0.0.1,::1',
    parse: (raw) => {
      if (raw === undefined || raw.trim() === '') return ['127.0.0.1', '::1'];
      const entries = raw.split(',').map((entry) => entry.trim());
      for (const entry of entries) {
        const [address = '', bits] = entry.split('/');
        const valid = net.isIP(address) !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (net.isIPv4(address) ? 32 : 128)));
        if (!valid) throw new ConfigError('TRUST_PROXY', 'IP addresses or CIDR ranges, comma-separated (such as 10.0.0.0/8,127.0.0.1)', raw);
      }
      return entries;
    },
  },
  {
    key: 'databaseUrl',
    name: 'DATABASE_URL',
    description: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL is started with its data in `DATA_DIR`.',
    defaultText: '(unset)',
    parse: (raw) => {
      if (raw === undefined || raw === '') return undefined;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new ConfigError('DATABASE_URL', 'a postgres:// URL such as postgres://user:pass@host:5432/db', withoutUserInfo(raw));
      }
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new ConfigError('DATABASE_URL', 'a postgres:// URL such as postgres://user:pass@host:5432/db', `${url.protocol}//…`);
      }
      return raw;
    },
  },
  {
    key: 'dataDir',
    name: 'DATA_DIR',
    description: 'Directory for local state: the embedded PostgreSQL cluster and its credentials.',
    defaultText: './.data',
    parse: (raw) => path.resolve(raw === undefined || raw === '' ? '.data' : raw),
  },
  {
    key: 'logLevel',
    name: 'LOG_LEVEL',
    description: `Minimum level of the JSON log lines on stdout: one of ${LOG_LEVELS.join(', ')}.`,
    defaultText: 'info',
    parse: (raw) => {
      if (raw === undefined || raw === '') return 'info';
      const level = raw.toLowerCase() as LogLevel;
      if (!LOG_LEVELS.includes(level)) throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, raw);
      return level;
    },
  },
  {
    key: 'workerConcurrency',
    name: 'WORKER_CONCURRENCY',
    description: 'Background jobs run at once by each process.',
    defaultText: '4',
    parse: positiveInteger('WORKER_CONCURRENCY', 4, 256),
  },
  {
    key: 'workerPollIntervalMs',
    name: 'WORKER_POLL_INTERVAL_MS',
    description: 'How often an idle worker looks for jobs whose time has come (jobs due now are announced at once); bounds how late a scheduled job, such as a step of the contact center\'s simulation, starts.',
    defaultText: '250',
    parse: positiveInteger('WORKER_POLL_INTERVAL_MS', 250, 60_000),
  },
  {
    key: 'bodyLimitBytes',
    name: 'BODY_LIMIT_BYTES',
    description: 'Largest request body buffered in memory (streaming uploads such as CSV imports are not bound by it).',
    defaultText: '1048576',
    parse: positiveInteger('BODY_LIMIT_BYTES', 1024 * 1024, 1024 * 1024 * 1024),
  },
  {
    key: 'bodyIdleTimeoutMs',
    name: 'BODY_IDLE_TIMEOUT_MS',
    description: 'Longest pause in a request body (uploads included), in milliseconds, while the server waits for it; a longer one gets `408 PLATFORM_REQUEST_TIMEOUT`. Also the period over which `BODY_MIN_BYTES_PER_SECOND` is measured.',
    defaultText: '30000',
    parse: wholeNumber('BODY_IDLE_TIMEOUT_MS', 30_000, 10, 3_600_000),
  },
  {
    key: 'bodyMinBytesPerSecond',
    name: 'BODY_MIN_BYTES_PER_SECOND',
    description: 'Slowest rate a request body may arrive at, in bytes per second, over each `BODY_IDLE_TIMEOUT_MS` the server waits for it; slower gets `408 PLATFORM_REQUEST_TIMEOUT`. 0 turns the check off.',
    defaultText: '1024',
    parse: wholeNumber('BODY_MIN_BYTES_PER_SECOND', 1024, 0, 1024 * 1024 * 1024),
  },
  {
    key: 'headersTimeoutMs',
    name: 'HEADERS_TIMEOUT_MS',
    description: 'Time a client has to send a request\'s line and headers, in milliseconds; slower gets `408 PLATFORM_REQUEST_TIMEOUT`.',
    defaultText: '60000',
    parse: wholeNumber('HEADERS_TIMEOUT_MS', 60_000, 10, 3_600_000),
  },
  {
    key: 'oauthAccessTokenTtlSeconds',
    name: 'OAUTH_ACCESS_TOKEN_TTL_SECONDS',
    description: 'Lifetime of OAuth access tokens (`expires_in`); refresh tokens renew them.',
    defaultText: '86400',
    parse: positiveInteger('OAUTH_ACCESS_TOKEN_TTL_SECONDS', 86400, 31 * 86400),
  },
  {
    key: 'tokenCacheSeconds',
    name: 'TOKEN_CACHE_SECONDS',
    description: 'How long a process may reuse a verified API token without asking PostgreSQL; revocations still reach every process at once (PostgreSQL `NOTIFY`). 0 turns the cache off, as needed behind a transaction-mode pooler that drops `LISTEN`.',
    defaultText: '60',
    parse: wholeNumber('TOKEN_CACHE_SECONDS', 60, 0, 3600),
  },
  {
    key: 'allowInsecureWebhooks',
    name: 'ALLOW_INSECURE_WEBHOOKS',
    description: 'Development only: lets webhook subscriptions target loopback addresses (`localhost`, `127.0.0.1`, `::1`), over http or https. Private, link-local and metadata addresses stay refused.',
    defaultText: 'false',
    parse: flag('ALLOW_INSECURE_WEBHOOKS'),
  },
  {
    key: 'allowLoopbackClientMetadata',
    name: 'ALLOW_LOOPBACK_CLIENT_METADATA',
    description: 'Development only: lets an OAuth client\'s Client ID Metadata Document be fetched from a loopback address (`https://localhost:…`). Private, link-local and metadata addresses stay refused.',
    defaultText: 'false',
    parse: flag('ALLOW_LOOPBACK_CLIENT_METADATA'),
  },
  {
    key: 'webhookRetrySchedule',
    name: 'WEBHOOK_RETRY_SCHEDULE',
    description: 'Seconds to wait before each retry of a failed webhook delivery, comma-separated (each gets ±25% jitter); the number of entries is the number of retries.',
    defaultText: '10,60,300',
    parse: retrySchedule('WEBHOOK_RETRY_SCHEDULE', [10, 60, 300]),
  },
  {
    key: 'webhookTimeoutMs',
    name: 'WEBHOOK_TIMEOUT_MS',
    description: 'Time a webhook receiver has to answer one delivery attempt, in milliseconds; slower counts as a failure.',
    defaultText: '10000',
    parse: positiveInteger('WEBHOOK_TIMEOUT_MS', 10_000, 60_000),
  },
  {
    key: 'webhookConcurrency',
    name: 'WEBHOOK_CONCURRENCY',
    description: 'Webhook requests in flight at once to one subscription, per running delivery job.',
    defaultText: '16',
    parse: positiveInteger('WEBHOOK_CONCURRENCY', 16, 256),
  },
  {
    key: 'responseStallSeconds',
    name: 'RESPONSE_STALL_SECONDS',
    description: 'A response whose client takes none of its bytes for this many seconds has its connection closed, and what it held (memory, a database connection) is freed (docs/operations.md "Slow readers").',
    defaultText: '30',
    parse: positiveInteger('RESPONSE_STALL_SECONDS', 30, 3600),
  },
  {
    key: 'streamedPagesPerWorkspace',
    name: 'STREAMED_PAGES_PER_WORKSPACE',
    description: 'OData pages larger than 64 KiB a workspace may have streaming at once, per process; each holds a database connection while its client reads. More get `429` with `Retry-After`.',
    defaultText: '4',
    parse: positiveInteger('STREAMED_PAGES_PER_WORKSPACE', 4, 1000),
  },
  {
    key: 'streamedPagesTotal',
    name: 'STREAMED_PAGES_TOTAL',
    description: 'OData pages larger than 64 KiB streaming at once in one process, all workspaces together. Keep it below the process\'s 10 database connections, so other requests always find one.',
    defaultText: '6',
    parse: positiveInteger('STREAMED_PAGES_TOTAL', 6, 1000),
  },
  {
    key: 'expandLimitBytes',
    name: 'EXPAND_LIMIT_BYTES',
    description: 'Largest OData response with `$expand` that the hub builds, in bytes of its rows (every copy of an entity expanded under several parents counted); such a response is built whole in memory before it is sent. Larger gets `400 ODATA_EXPANSION_TOO_LARGE`, and reading stops there (docs/operations.md "Slow readers").',
    defaultText: '16777216',
    parse: positiveInteger('EXPAND_LIMIT_BYTES', 16 * 1024 * 1024, 1024 * 1024 * 1024),
  },
  {
    key: 'importConcurrency',
    name: 'IMPORT_CONCURRENCY',
    description: 'CRM uploads (`PUT`/`DELETE /import/crm/{type}`) in progress at once in each process, all workspaces together; one more gets `429 PLATFORM_TOO_MANY_CONCURRENT` with `Retry-After`.',
    defaultText: '16',
    parse: positiveInteger('IMPORT_CONCURRENCY', 16, 1024),
  },
  {
    key: 'importConcurrencyPerWorkspace',
    name: 'IMPORT_CONCURRENCY_PER_WORKSPACE',
    description: 'CRM uploads in progress at once in each process for one workspace; one more gets `429 PLATFORM_TOO_MANY_CONCURRENT` with `Retry-After`.',
    defaultText: '4',
    parse: positiveInteger('IMPORT_CONCURRENCY_PER_WORKSPACE', 4, 1024),
  },
  {
    key: 'importSpoolDir',
    name: 'IMPORT_SPOOL_DIR',
    description: 'Directory where CRM uploads are kept while they arrive, before they are copied into PostgreSQL; it needs room for the uploads in progress. Unset: the OS temporary directory (`TMPDIR`, else `/tmp`).',
    defaultText: '(unset)',
    parse: (raw) => (raw === undefined || raw === '' ? undefined : path.resolve(raw)),
  },
  {
    key: 'processingTimeoutSeconds',
    name: 'PROCESSING_TIMEOUT_SECONDS',
    description: 'Longest a processing run may hold a conversation, in seconds; the watchdog (every minute) then takes it back from a run whose worker died, and fails it after 3 such runs (docs/processing.md "Watchdog").',
    defaultText: '600',
    parse: positiveInteger('PROCESSING_TIMEOUT_SECONDS', 600, 86400),
  },
  {
    key: 'topicsBuildMemoryMb',
    name: 'TOPICS_BUILD_MEMORY_MB',
    description: 'Heap of the worker thread that clusters a topic model\'s insights, in MiB; a build that needs more fails alone with a message saying so (docs/processing.md "Topics").',
    defaultText: '768',
    parse: positiveInteger('TOPICS_BUILD_MEMORY_MB', 768, 65536),
  },
  {
    key: 'competitors',
    name: 'COMPETITORS',
    description: 'Competitors\' names, comma-separated (such as `Gong, Chorus, Help Scout`): a customer naming one, as a whole word in any case, gives a `competitor` insight (docs/processing.md "Analysis: insights").',
    defaultText: '(none)',
    parse: (raw) => (raw ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
  },
  {
    key: 'embeddings',
    name: 'EMBEDDINGS',
    description: 'Sentence embeddings for clustering, topic assignment, tracker linking and search: `none` (the lexical method), `openai-compatible` (an `/embeddings` endpoint: Ollama, vLLM, LM Studio or a hosted API) or `onnx` (a local model in `EMBEDDINGS_MODEL_PATH`).',
    defaultText: 'none',
    parse: (raw) => embeddingsKind(raw),
  },
  {
    key: 'embeddingsBaseUrl',
    name: 'EMBEDDINGS_BASE_URL',
    description: 'With `EMBEDDINGS=openai-compatible` (required): the API base, such as `http://127.0.0.1:11434/v1`; an origin alone gets `/v1`, and requests go to `<base>/embeddings`.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('EMBEDDINGS_BASE_URL', 'EMBEDDINGS', ['openai-compatible'], embeddingsKind(env.EMBEDDINGS), apiBase('EMBEDDINGS_BASE_URL'), { required: 'the embedding server\'s API base' })(raw),
  },
  {
    key: 'embeddingsModel',
    name: 'EMBEDDINGS_MODEL',
    description: 'The embedding model: the name the server knows (required with `openai-compatible`), or with `onnx` the name recorded beside stored vectors (default: the model directory\'s name). Vectors of different models are never compared.',
    defaultText: '(unset)',
    parse: (raw, env) => {
      const kind = embeddingsKind(env.EMBEDDINGS);
      const model = dependent('EMBEDDINGS_MODEL', 'EMBEDDINGS', ['openai-compatible', 'onnx'], kind, modelName('EMBEDDINGS_MODEL'), {
        required: kind === 'openai-compatible' ? 'the model name the server knows, such as nomic-embed-text' : undefined,
      })(raw);
      return model ?? (kind === 'onnx' ? path.basename(path.resolve(env.EMBEDDINGS_MODEL_PATH ?? '')) : undefined);
    },
  },
  {
    key: 'embeddingsApiKey',
    name: 'EMBEDDINGS_API_KEY',
    description: 'With `EMBEDDINGS=openai-compatible`: sent as `Authorization: Bearer <key>`; never logged. Local servers need none.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('EMBEDDINGS_API_KEY', 'EMBEDDINGS', ['openai-compatible'], embeddingsKind(env.EMBEDDINGS), apiKey('EMBEDDINGS_API_KEY'), { secret: true })(raw),
  },
  {
    key: 'embeddingsModelPath',
    name: 'EMBEDDINGS_MODEL_PATH',
    description: 'With `EMBEDDINGS=onnx` (required): a directory holding a sentence-transformers ONNX export (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx` or `onnx/model_quantized.onnx`), loaded offline.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('EMBEDDINGS_MODEL_PATH', 'EMBEDDINGS', ['onnx'], embeddingsKind(env.EMBEDDINGS), onnxModelDirectory, { required: 'the directory of a sentence-transformers ONNX export' })(raw),
  },
  {
    key: 'embeddingsTimeoutMs',
    name: 'EMBEDDINGS_TIMEOUT_MS',
    description: 'With `EMBEDDINGS=openai-compatible`: time the embedding server has to answer one batch, in milliseconds; a batch without an answer fails and is not retried.',
    defaultText: '30000',
    parse: (raw, env) => dependentNumber('EMBEDDINGS_TIMEOUT_MS', 'EMBEDDINGS', ['openai-compatible'], embeddingsKind(env.EMBEDDINGS), raw, positiveInteger('EMBEDDINGS_TIMEOUT_MS', 30_000, 600_000)),
  },
  {
    key: 'embeddingsBatchSize',
    name: 'EMBEDDINGS_BATCH_SIZE',
    description: 'With `EMBEDDINGS=openai-compatible` or `onnx`: texts sent in one embedding request (or run through the ONNX model at once).',
    defaultText: '64',
    parse: (raw, env) => dependentNumber('EMBEDDINGS_BATCH_SIZE', 'EMBEDDINGS', ['openai-compatible', 'onnx'], embeddingsKind(env.EMBEDDINGS), raw, positiveInteger('EMBEDDINGS_BATCH_SIZE', 64, 2048)),
  },
  {
    key: 'trackerLinkVectorThreshold',
    name: 'TRACKER_LINK_VECTOR_THRESHOLD',
    description: 'With `EMBEDDINGS` set: the cosine similarity from which an insight is linked to a tracker issue by their vectors (a question needs 0.1 more). It depends on the model: measure yours with `npm run eval -- --trackers FILE`, which prints the F1 at each threshold (docs/processing.md "Tracker linking").',
    defaultText: '0.6',
    parse: (raw) => unitFraction('TRACKER_LINK_VECTOR_THRESHOLD', 0.6)(raw),
  },
  {
    key: 'analyzer',
    name: 'ANALYZER',
    description: 'Who extracts insights and summaries: `local` (the built-in analyzer, on this machine) or `openai-compatible` (a chat-completions endpoint such as Ollama or vLLM, with the local analyzer as fallback on any error).',
    defaultText: 'local',
    parse: (raw) => analyzerKind(raw),
  },
  {
    key: 'analyzerBaseUrl',
    name: 'ANALYZER_BASE_URL',
    description: 'With `ANALYZER=openai-compatible` (required): the API base, such as `http://127.0.0.1:11434/v1`; an origin alone gets `/v1`, and requests go to `<base>/chat/completions`.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('ANALYZER_BASE_URL', 'ANALYZER', ['openai-compatible'], analyzerKind(env.ANALYZER), apiBase('ANALYZER_BASE_URL'), { required: 'the chat-completions server\'s API base' })(raw),
  },
  {
    key: 'analyzerModel',
    name: 'ANALYZER_MODEL',
    description: 'With `ANALYZER=openai-compatible` (required): the chat model the server knows, such as `llama3.1:8b`.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('ANALYZER_MODEL', 'ANALYZER', ['openai-compatible'], analyzerKind(env.ANALYZER), modelName('ANALYZER_MODEL'), { required: 'the model name the server knows, such as llama3.1:8b' })(raw),
  },
  {
    key: 'analyzerApiKey',
    name: 'ANALYZER_API_KEY',
    description: 'With `ANALYZER=openai-compatible`: sent as `Authorization: Bearer <key>`; never logged. Local servers need none.',
    defaultText: '(unset)',
    parse: (raw, env) => dependent('ANALYZER_API_KEY', 'ANALYZER', ['openai-compatible'], analyzerKind(env.ANALYZER), apiKey('ANALYZER_API_KEY'), { secret: true })(raw),
  },
  {
    key: 'analyzerTimeoutMs',
    name: 'ANALYZER_TIMEOUT_MS',
    description: 'With `ANALYZER=openai-compatible`: time the chat-completions server has to answer for one conversation, in milliseconds; slower, and the local analyzer\'s result is used.',
    defaultText: '60000',
    parse: (raw, env) => dependentNumber('ANALYZER_TIMEOUT_MS', 'ANALYZER', ['openai-compatible'], analyzerKind(env.ANALYZER), raw, positiveInteger('ANALYZER_TIMEOUT_MS', 60_000, 600_000)),
  },
  {
    key: 'analyzerMaxInputChars',
    name: 'ANALYZER_MAX_INPUT_CHARS',
    description: 'With `ANALYZER=openai-compatible`: characters of a conversation sent to the chat-completions server (the default suits a model run with a 4,096-token context); fragments past them keep the local analyzer\'s insights, and the conversation keeps its local summary (docs/processing.md "Analyzers").',
    defaultText: '8000',
    parse: (raw, env) => dependentNumber('ANALYZER_MAX_INPUT_CHARS', 'ANALYZER', ['openai-compatible'], analyzerKind(env.ANALYZER), raw, wholeNumber('ANALYZER_MAX_INPUT_CHARS', 8000, 1000, 1_000_000)),
  },
  {
    key: 'phoneDefaultRegion',
    name: 'PHONE_DEFAULT_REGION',
    description: 'Country of phone numbers written without a country code (`020 7946 0958`), as an ISO 3166-1 alpha-2 code such as `GB` or `US`, so that CRM matching can read them as E.164 (docs/processing.md "CRM matching"). Unset: only numbers with a country code (`+44 20 7946 0958`, `0044…`) are matched.',
    defaultText: '(unset)',
    parse: (raw) => {
      if (raw === undefined || raw === '') return undefined;
      const region = raw.trim().toUpperCase();
      if (!isSupportedCountry(region)) throw new ConfigError('PHONE_DEFAULT_REGION', 'an ISO 3166-1 alpha-2 country code such as GB, US or DE', raw);
      return region;
    },
  },
];

/** Reads and validates the whole configuration; throws `ConfigError` on the first invalid value. */
export function loadConfig(env: Env = process.env): Config {
  const config: Record<string, unknown> = {};
  for (const variable of VARIABLES) {
    config[variable.key] = variable.parse(env[variable.name], env);
  }
  return Object.freeze(config) as unknown as Config;
}
