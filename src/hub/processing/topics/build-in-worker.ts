/**
 * A topic build off the main thread: clustering 100,000 insights keeps a
 * core busy for most of a minute, which on the event loop would stall every
 * request and job of the process. The worker thread's heap is capped
 * (TOPICS_BUILD_MEMORY_MB), so a build too large for the machine fails
 * alone, with a message saying so, instead of taking the process down.
 * The texts' pages are transferred to the worker, not copied: the caller's
 * texts are unreadable once the build has started.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerTopic } from './build-worker.ts';
import type { PackedTexts } from './packed-texts.ts';

/**
 * By default V8 sizes a worker's young generation from the machine's memory
 * (128 MiB on a 24 GiB machine), and the assign phase's short-lived garbage
 * touches all of it, promoting more to the old generation on the way. 32 MiB
 * took the peak RSS of a 1.1M-insight build from 923 to 690 MiB at the same
 * CPU (docs/benchmarks.md).
 */
const YOUNG_GENERATION_MB = 32;

export interface WorkerBuild {
  readonly topics: readonly WorkerTopic[];
  /** Per text: its topic's index, or -1. */
  readonly assignment: Int32Array;
  readonly state: Buffer;
}

export interface WorkerBuildOptions {
  readonly memoryMb: number;
  /** Embeddings of the texts, row after row, `dimensions` numbers each. */
  readonly vectors?: { readonly values: Float32Array; readonly dimensions: number };
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export function buildInWorker(texts: PackedTexts, options: WorkerBuildOptions): Promise<WorkerBuild> {
  options.signal?.throwIfAborted();
  const count = texts.length;
  const pages = texts.pages.map((page) => page.buffer as ArrayBuffer);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./build-worker.ts', import.meta.url), {
      workerData: { pages: texts.pages, seed: options.seed ?? 1, vectors: options.vectors?.values, dimensions: options.vectors?.dimensions },
      transferList: [...pages, ...(options.vectors ? [options.vectors.values.buffer as ArrayBuffer] : [])],
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = () => settle(() => {
      void worker.terminate();
      reject(options.signal!.reason);
    });
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.phase, message.done, message.total);
      else settle(() => resolve({ topics: message.topics, assignment: message.assignment, state: Buffer.from(message.state.buffer, message.state.byteOffset, message.state.byteLength) }));
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new Error(`the build of ${count} insights needed more than ${options.memoryMb} MiB; raise TOPICS_BUILD_MEMORY_MB`)
        : error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the topic build stopped unexpectedly (exit code ${code})`))));
  });
}
