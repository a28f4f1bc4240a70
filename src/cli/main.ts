/**
 * `commontime <command> [options]`.
 *
 * Contract (docs/cli.md): every command prints one JSON document on stdout —
 * its result, or `{"error": {"code", "message"}}` — and human messages on
 * stderr. Exit codes: 0 success, 1 the command failed, 2 it was used wrongly.
 * `start` and `worker` run until stopped and log JSON lines instead.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../platform/errors/app-error.ts';
import { ConfigError, loadConfig } from '../platform/config/config.ts';
import { CLI_ERROR_CODES, UsageError } from './cli-error.ts';
import type { Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } {
  const words = argv.slice(0, argv.findIndex((arg) => arg.startsWith('-')) === -1 ? argv.length : argv.findIndex((arg) => arg.startsWith('-')));
  for (let n = Math.min(words.length, 3); n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(n) };
  }
  throw new UsageError(words.length === 0 ? 'no command given' : `unknown command: ${words.join(' ')}`);
}

function commandHelp(command: Command): string[] {
  const usage = [command.name, ...(command.positionals ?? []).map((p) => `<${p.name}>`)].join(' ');
  const lines = [`  ${usage.padEnd(20)} ${command.summary}`];
  for (const positional of command.positionals ?? []) lines.push(`      ${`<${positional.name}>`.padEnd(28)} ${positional.description}`);
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = spec.type === 'string' ? `--${name} <value>` : `--${name}`;
    lines.push(`      ${flag.padEnd(28)} ${spec.required ? '(required) ' : ''}${spec.description}`);
  }
  return lines;
}

function helpText(commands: readonly Command[] = COMMANDS): string {
  return ['Usage: commontime <command> [options]', '', 'Commands:', ...commands.flatMap(commandHelp)].join('\n');
}

function parseOptions(command: Command, args: string[]) {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type, multiple: spec.multiple ?? false }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: command.positionals !== undefined });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message}`);
  }
  const positionals = command.positionals ?? [];
  if (parsed.positionals.length !== positionals.length) {
    throw new UsageError(`${command.name}: expected ${positionals.map((p) => `<${p.name}>`).join(' ') || 'no arguments'}, got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? '' : 's'}`);
  }
  const missing = Object.entries(command.options)
    .filter(([name, spec]) => spec.required && (parsed.values[name] === undefined || parsed.values[name] === ''))
    .map(([name]) => `--${name}`);
  if (missing.length > 0) throw new UsageError(`${command.name}: missing ${missing.join(', ')}`);
  return { ...parsed.values, ...Object.fromEntries(positionals.map((p, i) => [p.name, parsed.positionals[i]])) };
}

function fail(code: string, message: string, exitCode: number): void {
  process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  process.stderr.write(`commontime: ${message}\n`);
  process.exitCode = exitCode;
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write(`${helpText()}\n`);
    process.stdout.write(`${JSON.stringify({ commands: COMMANDS.map((c) => c.name) })}\n`);
    process.exitCode = argv.length === 0 ? 2 : 0;
    return;
  }
  try {
    const { command, rest } = findCommand(argv);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stderr.write(`${helpText([command])}\n`);
      process.stdout.write(`${JSON.stringify({ command: command.name, options: command.options })}\n`);
      return;
    }
    const options = parseOptions(command, rest);
    const config = loadConfig();
    const result = await command.run(options, config);
    if (result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    if (error instanceof UsageError) fail(CLI_ERROR_CODES.usage, `${error.message} (see commontime --help)`, 2);
    else if (error instanceof ConfigError) fail(CLI_ERROR_CODES.config, error.message, 1);
    else if (error instanceof AppError && error.expose) fail(error.code, error.message, 1);
    else fail(CLI_ERROR_CODES.failed, (error as Error).message ?? String(error), 1);
  }
}

await main(process.argv.slice(2));
