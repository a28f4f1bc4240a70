/**
 * One pino logger per process, JSON lines on stdout.
 *
 * Credentials must never reach the log (docs/architecture.md, "Logging"):
 * the redaction list covers every header and body field that can carry one.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
];

/** Query parameters that carry credentials (OAuth codes, tokens sent where they must not be). */
const SECRET_PARAMS = /([?&](?:access_token|refresh_token|code|client_secret|token|password|code_verifier)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Servers log to stdout; CLI commands to stderr, keeping stdout for their JSON; tests to a stream they read. */
export function createLogger(level: LogLevel, stream: 'stdout' | 'stderr' | pino.DestinationStream = 'stdout'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: redactUrl(req.url ?? ''), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
        err: pino.stdSerializers.err,
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    typeof stream === 'string' ? pino.destination({ fd: stream === 'stdout' ? 1 : 2, sync: true }) : stream,
  );
}
