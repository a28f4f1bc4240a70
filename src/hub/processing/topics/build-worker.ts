/**
 * The worker thread of build-in-worker.ts: unpacks the texts, runs the
 * engine, and posts the build back with its arrays transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { unpackTexts } from './packed-texts.ts';
import { buildTopics, encodeTopicState } from './topic-engine.ts';

export interface WorkerTopic {
  readonly name: string;
  readonly description: string;
  readonly keywords: readonly string[];
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly phase: string; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly topics: readonly WorkerTopic[]; readonly assignment: Int32Array; readonly state: Uint8Array };

const data = workerData as { texts?: Uint8Array; seed: number; vectors?: Float32Array; dimensions?: number };
const { seed, vectors, dimensions } = data;
const texts = unpackTexts(data.texts!);
// Unpacked, the buffer is dead weight for the rest of the build: 67 MiB for a million insights.
delete data.texts;
const build = buildTopics(texts, {
  seed,
  vectors: vectors && dimensions ? Array.from(texts, (_, i) => vectors.subarray(i * dimensions, (i + 1) * dimensions)) : undefined,
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
