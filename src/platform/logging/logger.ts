/**
 * One pino logger per process, JSON lines on stdout.
 *
 * Credentials must never reach the log (issue #4: "secrets never logged"):
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

/** Servers log to stdout; CLI commands to stderr, keeping stdout for their JSON. */
export function createLogger(level: LogLevel, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ fd: stream === 'stdout' ? 1 : 2, sync: true }),
  );
}
