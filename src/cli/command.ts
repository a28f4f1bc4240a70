/**
 * The shape of a CLI command. Options are declared once and parsed by
 * node:util's parseArgs (strict: an unknown option is a usage error); the
 * same declaration prints the help text, and docs.test.ts holds docs/cli.md to it.
 */
import type { Config } from '../platform/config/config.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly required?: boolean;
  readonly multiple?: boolean;
}

/** A word the command takes after its name, in order (`import crm <type> <file>`); parsed into the options under its name. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
}

export type ParsedOptions = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** Words after `commontime`, e.g. `tenant create`. */
  readonly name: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Required positional arguments; a command without them takes none. */
  readonly positionals?: readonly PositionalSpec[];
  /**
   * Returns the JSON document printed on stdout, or `undefined` for the
   * long-running commands, which keep the process alive with their servers
   * and log instead.
   */
  run(options: ParsedOptions, config: Config): Promise<unknown>;
}

export function requiredString(options: ParsedOptions, name: string): string {
  const value = options[name];
  return typeof value === 'string' ? value : '';
}
