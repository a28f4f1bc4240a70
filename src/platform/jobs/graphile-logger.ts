/** graphile-worker logs through our pino logger, so its lines are JSON like ours. */
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../logging/logger.ts';

export function graphileLogger(logger: Logger): GraphileLogger {
  const log = logger.child({ component: 'graphile-worker' });
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    switch (level) {
      case 'error':
        return log.error(fields, message);
      case 'warning':
        return log.warn(fields, message);
      case 'info':
        return log.info(fields, message);
      default:
        return log.debug(fields, message);
    }
  });
}
