/** A logger at trace level whose JSON lines a test reads, to check what is and is not logged. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../platform/logging/logger.ts';

export interface LogSink {
  readonly logger: Logger;
  /** Everything logged so far, as text. */
  text(): string;
  /** The log lines so far, parsed. */
  entries(): Record<string, unknown>[];
}

export function logSink(): LogSink {
  let logged = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  return {
    logger: createLogger('trace', stream),
    text: () => logged,
    entries: () => logged.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
