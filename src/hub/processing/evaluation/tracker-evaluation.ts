/**
 * Precision, recall and F1 of tracker linking on a labelled file
 * (tracker-items.ts), counted over links: every (insight, issue) pair the
 * linker makes is right when the label has it and a false positive when
 * not, every labelled pair it misses a false negative. Each product is its
 * own tenant: its issues are the only ones indexed, so idf is theirs.
 *
 * With an embedding provider, every issue (its title and description, as
 * the relink job embeds it) and every insight is embedded and they are
 * compared by their vectors, as linking does once every issue has one:
 * the threshold and the sweep are then cosines (VECTOR_SWEEP), which is
 * how a deployment chooses TRACKER_LINK_VECTOR_THRESHOLD for its model.
 */
import type { EmbeddingProvider } from '../embeddings/embedding-provider.ts';
import { buildIssueIndex, LINK_THRESHOLD, linkThreshold, MAX_LINKS_PER_INSIGHT, type IssueIndex } from '../tracker-linking/issue-index.ts';
import { issueEmbeddingText } from '../tracker-linking/issue-vectors.ts';
import type { TrackerProduct } from './tracker-items.ts';

export interface LinkCounts {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface LinkedInsight {
  readonly product: string;
  readonly type: string;
  readonly text: string;
  readonly expected: readonly string[];
  readonly linked: readonly { readonly key: string; readonly score: number }[];
}

export interface TrackerEvaluation {
  readonly products: number;
  readonly issues: number;
  readonly insights: number;
  readonly links: number;
  readonly at: LinkCounts;
  /** The same counts at other base thresholds (a question's above each, as linkThreshold says), to show how the chosen one sits. */
  readonly sweep: readonly LinkCounts[];
  readonly predictions: readonly LinkedInsight[];
  readonly seconds: number;
}

const SWEEP = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
const VECTOR_SWEEP = [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85];

/** The base threshold: the lexical score's, or with `embeddings` a cosine (TRACKER_LINK_VECTOR_THRESHOLD). */
export type TrackerEvaluationOptions =
  | { readonly threshold?: number; readonly embeddings?: undefined }
  | { readonly threshold: number; readonly embeddings: EmbeddingProvider };

function counts(threshold: number, predictions: readonly LinkedInsight[]): LinkCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of predictions) {
    const linked = p.linked.filter((l) => l.score >= linkThreshold(p.type, threshold)).map((l) => l.key);
    for (const key of linked) (p.expected.includes(key) ? tp++ : fp++);
    fn += p.expected.filter((key) => !linked.includes(key)).length;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { threshold, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Issue vectors by key, and the insights' vectors in their order, of one product. */
async function productVectors(product: TrackerProduct, embeddings: EmbeddingProvider) {
  const issueTexts = product.issues.map((issue) => issueEmbeddingText(issue.title, issue.description ?? null));
  const vectors = await embeddings.embed([...issueTexts, ...product.insights.map((insight) => insight.text)]);
  const issues = new Map(product.issues.map((issue, k) => [issue.key, vectors[k]!]));
  return { issues, insights: vectors.slice(product.issues.length) };
}

export async function evaluateTrackerLinking(products: readonly TrackerProduct[], options: TrackerEvaluationOptions = {}): Promise<TrackerEvaluation> {
  const started = performance.now();
  const { embeddings } = options;
  const sweep = embeddings ? VECTOR_SWEEP : SWEEP;
  const threshold = options.threshold ?? LINK_THRESHOLD;
  const lowest = Math.min(threshold, ...sweep);
  const predictions: LinkedInsight[] = [];
  for (const product of products) {
    const vectors = embeddings ? await productVectors(product, embeddings) : undefined;
    const index: IssueIndex = buildIssueIndex(product.issues.map((issue) => ({ id: issue.key, title: issue.title, description: issue.description, comments: issue.comments })), vectors?.issues);
    product.insights.forEach((insight, k) => {
      const query = vectors ? { vector: vectors.insights[k]!, threshold: lowest } : undefined;
      predictions.push({
        product: product.product,
        type: insight.type,
        text: insight.text,
        expected: insight.issues,
        linked: index.match(insight.text, lowest, MAX_LINKS_PER_INSIGHT, query).map((m) => ({ key: m.issueId, score: m.score })),
      });
    });
  }
  return {
    products: products.length,
    issues: products.reduce((sum, p) => sum + p.issues.length, 0),
    insights: predictions.length,
    links: predictions.reduce((sum, p) => sum + p.expected.length, 0),
    at: counts(threshold, predictions),
    sweep: sweep.map((t) => counts(t, predictions)),
    predictions: predictions.map((p) => ({ ...p, linked: p.linked.filter((l) => l.score >= linkThreshold(p.type, threshold)) })),
    seconds: (performance.now() - started) / 1000,
  };
}
