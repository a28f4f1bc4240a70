/**
 * Process configuration, read once from environment variables.
 *
 * Every variable is declared once in `VARIABLES`, which validation reads and
 * to which docs.test.ts holds the README's configuration table, so a
 * variable cannot be documented without being validated or the reverse.
 * An invalid value throws a `ConfigError` naming the variable and what was
 * expected, and `npm start` stops before touching the database.
 */
import path from 'node:path';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly contactCenterPort: number;
  readonly messagingPort: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly workerConcurrency: number;
  readonly bodyLimitBytes: number;
  readonly bodyIdleTimeoutMs: number;
  readonly bodyMinBytesPerSecond: number;
  readonly headersTimeoutMs: number;
  readonly oauthAccessTokenTtlSeconds: number;
  readonly tokenCacheSeconds: number;
  readonly allowInsecureWebhooks: boolean;
  /** Seconds before each retry of a failed webhook delivery; its length is the number of retries. */
  readonly webhookRetrySchedule: readonly number[];
  readonly webhookTimeoutMs: number;
  readonly webhookConcurrency: number;
  readonly responseStallSeconds: number;
  readonly streamedPagesPerWorkspace: number;
  readonly streamedPagesTotal: number;
  readonly importConcurrency: number;
  readonly importConcurrencyPerWorkspace: number;
  /** Where uploads are spooled; undefined: the OS temporary directory. */
  readonly importSpoolDir: string | undefined;
  /** Region of phone numbers written without a country code (CRM matching); undefined: only international numbers match. */
  readonly phoneDefaultRegion: CountryCode | undefined;
}

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

const positiveInteger = (name: string, fallback: number, max: number) => wholeNumber(name, fallback, 1, max);

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'an absolute http(s) URL such as https://commontime.example.com', raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, 'an absolute http(s) URL such as https://commontime.example.com', raw);
  }
  // The OAuth issuer must equal the URL its metadata is fetched from (RFC 8414 §3.3), and
  // every route sits at the root: an origin only.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(name, 'an origin only (scheme, host and port), without path, query or credentials', raw);
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
        throw new ConfigError('DATABASE_URL', 'a postgres:// URL such as postgres://user:pass@host:5432/db', raw.replace(/:[^:@/]*@/, ':***@'));
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
