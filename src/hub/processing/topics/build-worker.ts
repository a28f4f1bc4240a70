/**
 * The worker thread of build-in-worker.ts: runs the engine on the packed
 * texts (decoded one by one as it reads them), and posts the build back with
 * its arrays transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packedTexts } from './packed-texts.ts';
import { buildTopics, encodeTopicState } from './topic-engine.ts';

export interface WorkerTopic {
  readonly name: string;
  readonly description: string;
  readonly keywords: readonly string[];
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly phase: string; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly topics: readonly WorkerTopic[]; readonly assignment: Int32Array; readonly state: Uint8Array };

const { pages, seed, vectors, dimensions } = workerData as { pages: Uint8Array[]; seed: number; vectors?: Float32Array; dimensions?: number };
const texts = packedTexts(pages);
const build = buildTopics(texts, {
  seed,
  vectors: vectors && dimensions ? Array.from({ length: texts.length }, (_, i) => vectors.subarray(i * dimensions, (i + 1) * dimensions)) : undefined,
  onProgress: (phase, done, total) => parentPort!.postMessage({ kind: 'progress', phase, done, total } satisfies WorkerMessage),
});
const state = new Uint8Array(encodeTopicState(build.state));
const message: WorkerMessage = {
  kind: 'done',
  topics: build.topics.map(({ name, description, keywords }) => ({ name, description, keywords })),
  assignment: build.assignment,
  state,
};
parentPort!.postMessage(message, [build.assignment.buffer as ArrayBuffer, state.buffer as ArrayBuffer]);
