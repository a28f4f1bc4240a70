/** A logger whose JSON lines a test reads, to check what is and is not logged: at trace level unless a test wants production's. */
import { Writable } from 'node:stream';
import type { LogLevel } from '../platform/config/config.ts';
import { createLogger, type Logger } from '../platform/logging/logger.ts';

export interface LogSink {
  readonly logger: Logger;
  /** Everything logged so far, as text. */
  text(): string;
  /** The log lines so far, parsed. */
  entries(): Record<string, unknown>[];
}

export function logSink(level: LogLevel = 'trace'): LogSink {
  let logged = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  return {
    logger: createLogger(level, stream),
    text: () => logged,
    entries: () => logged.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
