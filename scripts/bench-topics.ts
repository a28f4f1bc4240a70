/**
 * `npm run bench:topics`: topic clustering at scale (docs/benchmarks.md,
 * "Topic clustering"), on insight-like texts made from Banking77
 * (BENCH_TOPICS_CSV, default ../shared/data/banking77/train.csv, any
 * `text,category` CSV): each text splices the start of one utterance onto
 * the end of another of the same category, so the texts are new, realistic
 * and still labelled.
 *
 * Every part runs in a child process of its own, so that each peak RSS is
 * that part's alone:
 *   baseline  bare TF-IDF featurisation (content words, document
 *             frequencies, one sparse row per text) of the 100,000 texts,
 *             the yardstick the other times are divided by;
 *   sampled   buildTopics over the 100,000 texts as production runs it
 *             (sample-then-assign above SAMPLE_LIMIT), then assignTopic of
 *             10,000 other texts (µs per insight);
 *   full      buildTopics over the same 100,000 texts, every one clustered:
 *             the NMI between its labeling and the sampled one is the
 *             quality lost by sampling;
 *   million   BENCH_TOPICS_LARGE texts (default 1,000,000) built as
 *             rebuild-topics.ts builds them: in a worker thread whose heap
 *             is capped at TOPICS_BUILD_MEMORY_MB (default 768), the texts
 *             handed over packed; its time includes the thread's start and
 *             its load of the word vectors, and its peak RSS is the whole
 *             process's, the million texts on the main thread included.
 * In the other builds the word vectors' one-off load is timed apart.
 * Times are wall clock and CPU (user + system) of the process: on a shared
 * machine the CPU time is the steadier figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adjustedRandIndex, normalizedMutualInformation } from '../src/hub/processing/evaluation/clustering-scores.ts';
import { readLabelledTexts } from '../src/hub/processing/evaluation/topic-evaluation.ts';
import { seededRandom } from '../src/hub/processing/topics/seeded-random.ts';
import { tfidf } from '../src/hub/processing/topics/topic-features.ts';
import { buildInWorker } from '../src/hub/processing/topics/build-in-worker.ts';
import { packedTexts, packTexts } from '../src/hub/processing/topics/packed-texts.ts';
import { assignTopic, buildTopics } from '../src/hub/processing/topics/topic-engine.ts';
import { contentWords, topicTerms } from '../src/hub/processing/topics/topic-terms.ts';
import { wordVectors } from '../src/hub/processing/topics/word-vectors.ts';

const CSV = process.env.BENCH_TOPICS_CSV ?? '../shared/data/banking77/train.csv';
const TEXTS = 100_000;
const LARGE = Number(process.env.BENCH_TOPICS_LARGE ?? 1_000_000);
const ASSIGNED = 10_000;
const MEMORY_MB = Number(process.env.TOPICS_BUILD_MEMORY_MB ?? 768);

interface Generated {
  readonly texts: string[];
  readonly labels: Int32Array;
}

/** `count` spliced texts; equal seeds give equal texts. */
function generate(count: number, seed: number): Generated {
  const source = readLabelledTexts(CSV);
  const byLabel = new Map<number, string[][]>();
  source.texts.forEach((text, i) => {
    const words = text.split(/\s+/u).filter((w) => w.length > 0);
    if (words.length === 0) return;
    const list = byLabel.get(source.labels[i]!) ?? [];
    list.push(words);
    byLabel.set(source.labels[i]!, list);
  });
  const labelsOf = [...byLabel.keys()];
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const texts: string[] = [];
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    const label = pick(labelsOf);
    const group = byLabel.get(label)!;
    const head = pick(group);
    const tail = pick(group);
    const cut = 1 + Math.floor(random() * head.length);
    const from = Math.floor(random() * tail.length);
    texts.push([...head.slice(0, cut), ...tail.slice(from)].join(' '));
    labels[i] = label;
  }
  return { texts, labels };
}

const seconds = (started: number): number => (performance.now() - started) / 1000;
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const peakMiB = (): number => process.resourceUsage().maxRSS / 1024;

function baseline(): Record<string, number> {
  const { texts } = generate(TEXTS, 1);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const words = texts.map(contentWords);
  const df = new Map<string, number>();
  for (const w of words) for (const term of new Set(topicTerms(w))) df.set(term, (df.get(term) ?? 0) + 1);
  const termIndex = new Map([...df.keys()].map((t, i) => [t, i]));
  const idf = Float32Array.from(df.values(), (d) => Math.log((1 + texts.length) / (1 + d)) + 1);
  let entries = 0;
  for (const w of words) entries += tfidf({ termIndex, idf }, w).index.length;
  return { seconds: seconds(started), cpuSeconds: cpuSeconds(cpu), terms: termIndex.size, entries, peakMiB: peakMiB() };
}

function build(count: number, sampleLimit: number | undefined, out: string | undefined): Record<string, number> {
  const { texts, labels } = generate(count, 1);
  const loadStarted = performance.now();
  wordVectors();
  const load = seconds(loadStarted);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const built = buildTopics(texts, sampleLimit === undefined ? {} : { sampleLimit });
  const took = seconds(started);
  const cpuTook = cpuSeconds(cpu);
  if (out !== undefined) writeFileSync(out, built.assignment);
  const result: Record<string, number> = {
    seconds: took, cpuSeconds: cpuTook, loadSeconds: load, topics: built.topics.length, nmi: normalizedMutualInformation(labels, built.assignment), ari: adjustedRandIndex(labels, built.assignment), peakMiB: peakMiB(),
  };
  if (count === TEXTS && sampleLimit === undefined) {
    const other = generate(ASSIGNED, 2).texts;
    for (const text of other.slice(0, 500)) assignTopic(built.state, text);
    const assignStarted = performance.now();
    for (const text of other) assignTopic(built.state, text);
    result.assignMicroseconds = (seconds(assignStarted) * 1e6) / other.length;
  }
  return result;
}

/**
 * The large build as production runs it: the texts packed in pages of 10,000 as read-model-insights.ts packs them, in the
 * heap-capped worker thread of rebuild-topics.ts, its word vectors loaded there.
 */
async function large(): Promise<Record<string, number>> {
  const { texts, labels } = generate(LARGE, 1);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pages = Array.from({ length: Math.ceil(texts.length / 10_000) }, (_, p) => packTexts(texts.slice(p * 10_000, (p + 1) * 10_000)));
  const built = await buildInWorker(packedTexts(pages), { memoryMb: MEMORY_MB, seed: 0 });
  return {
    seconds: seconds(started), cpuSeconds: cpuSeconds(cpu), topics: built.topics.length,
    nmi: normalizedMutualInformation(labels, built.assignment), ari: adjustedRandIndex(labels, built.assignment), peakMiB: peakMiB(),
  };
}

async function part(name: string, out: string | undefined): Promise<Record<string, number>> {
  if (name === 'baseline') return baseline();
  if (name === 'sampled') return build(TEXTS, undefined, out);
  if (name === 'full') return build(TEXTS, TEXTS, out);
  if (name === 'million') return large();
  throw new Error(`bench:topics: no part ${name}`);
}

const [, , flag, name, out] = process.argv;
if (flag === '--part') {
  process.stdout.write(`${JSON.stringify(await part(name!, out))}\n`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'bench-topics-'));
  try {
    const run = (which: string, file?: string): Record<string, number> => {
      const args = [process.argv[1]!, '--part', which, ...(file === undefined ? [] : [file])];
      const output = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
      return JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, number>;
    };
    const sampledFile = join(dir, 'sampled.bin');
    const fullFile = join(dir, 'full.bin');
    const f = (x: number, digits = 1): string => x.toFixed(digits);
    const say = (line: string): boolean => process.stdout.write(`${line}\n`);
    const count = (n: number): string => n.toLocaleString('en');
    say(`bench:topics: texts spliced from ${CSV}, each part in a child process of its own; ${process.env.BENCH_NOTE ?? 'other jobs may share this machine'}`);
    const base = run('baseline');
    const times = (part: Record<string, number>): string => `${f(part.seconds!)} s wall, ${f(part.cpuSeconds!)} s CPU (${f(part.cpuSeconds! / base.cpuSeconds!)}× the baseline's CPU)`;
    say(`  baseline: bare TF-IDF of ${count(TEXTS)} texts    ${f(base.seconds!)} s wall, ${f(base.cpuSeconds!)} s CPU, peak RSS ${f(base.peakMiB!, 0)} MiB`);
    const sampled = run('sampled', sampledFile);
    say(`  buildTopics, ${count(TEXTS)} (sample-then-assign)  ${times(sampled)}, peak RSS ${f(sampled.peakMiB!, 0)} MiB; ${sampled.topics} topics, NMI ${f(sampled.nmi!, 3)} ARI ${f(sampled.ari!, 3)} against the labels (word vectors loaded first, ${f(sampled.loadSeconds!)} s, not counted)`);
    say(`  assignTopic                            ${f(sampled.assignMicroseconds!, 0)} µs per insight (the baseline: ${f((base.seconds! / TEXTS) * 1e6, 0)} µs per text)`);
    const million = run('million');
    say(`  buildTopics, ${count(LARGE)} (sample-then-assign, worker thread, heap cap ${MEMORY_MB} MiB) ${times(million)}, peak RSS ${f(million.peakMiB!, 0)} MiB; ${million.topics} topics, NMI ${f(million.nmi!, 3)} ARI ${f(million.ari!, 3)} against the labels`);
    const full = run('full', fullFile);
    say(`  buildTopics, ${count(TEXTS)} (all clustered)       ${times(full)}, peak RSS ${f(full.peakMiB!, 0)} MiB; ${full.topics} topics, NMI ${f(full.nmi!, 3)} ARI ${f(full.ari!, 3)} against the labels`);
    const read = (file: string): Int32Array => {
      const bytes = readFileSync(file);
      return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    };
    say(`  sample-then-assign against all clustered, same ${count(TEXTS)} texts: NMI ${f(normalizedMutualInformation(read(fullFile), read(sampledFile)), 3)} between the two labelings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
