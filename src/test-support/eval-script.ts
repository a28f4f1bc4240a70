/**
 * `npm run eval` as the evaluation tests run it: the script in a child
 * process with the caller's environment plus `env`, and the small labelled
 * files they write to a scratch directory removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const EVAL_ROOT = join(import.meta.dirname, '../..');

export async function evalScript(args: readonly string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(EVAL_ROOT, 'scripts/eval.ts'), ...args], { env: { ...process.env, ...env } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** Writes `content` to a file called `name` in a fresh directory, runs `work` on its path, and removes the directory. */
export async function withScratchFile(name: string, content: string, work: (file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-eval-'));
  try {
    await writeFile(join(dir, name), content);
    await work(join(dir, name));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
