/** The codes of CLI failures that are not errors of a catalogue (exit code in the comment). */
export const CLI_ERROR_CODES = {
  /** exit 2: unknown command or option, missing option. */
  usage: 'CLI_USAGE',
  /** exit 1: an environment variable is invalid. */
  config: 'CONFIG_INVALID',
  /** exit 1: anything else (database unreachable, port in use, …). */
  failed: 'CLI_FAILED',
} as const;

/** A command used wrongly (unknown command, missing or invalid option): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
