/** Helpers for tests that run CommonTime as a real child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIABLES } from '../platform/config/config.ts';
import { onCleanup } from './cleanup.ts';
import { parseJsonOr } from './json.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'bin/commontime.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a child process: this process's, without any of the
 * hub's configuration variables, plus `env`. A user who runs the hub from the
 * same terminal has PORT or DATABASE_URL exported; a test sets what it needs.
 */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const names = new Set(VARIABLES.map((variable) => variable.name));
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.has(name))), ...env };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as the one JSON document the CLI promises. */
  readonly json: any;
}

/** Runs `commontime …` to completion with the given configuration (see childEnv). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr, json: parseJsonOr(stdout, undefined) });
    });
  });
}

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts a long-running process with the given configuration (see childEnv); it is killed after the test file if still running. */
export function spawnProcess(args: readonly string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, [...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => output, exited };
}

/**
 * Errors that mean "the other side is not up yet": a refused or dropped
 * connection (Node's and undici's codes), PostgreSQL's 57P03 while it starts.
 * Any other error from a probe is a defect and fails at once.
 */
const NOT_YET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', '57P03']);

function notYet(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (NOT_YET.has((cause as NodeJS.ErrnoException).code ?? '')) return true;
  }
  return false;
}

/**
 * Polls `probe` until it returns a value, or fails after `timeoutMs` with
 * `describe()` and the last error that meant "not yet".
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (!notYet(error)) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${describe()}${lastError ? `\nlast error: ${String(lastError)}${lastError instanceof Error && lastError.cause ? ` (${String(lastError.cause)})` : ''}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
