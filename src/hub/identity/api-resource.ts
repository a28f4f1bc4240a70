import type { Config } from '../../platform/config/config.ts';

/** The API that access tokens are issued for (their audience, RFC 8707 §2). */
export function apiResource(config: Config): string {
  return config.publicUrl;
}
