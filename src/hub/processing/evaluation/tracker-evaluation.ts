/**
 * Precision, recall and F1 of tracker linking on a labelled file
 * (tracker-items.ts), counted over links: every (insight, issue) pair the
 * linker makes is right when the label has it and a false positive when
 * not, every labelled pair it misses a false negative. Each product is its
 * own tenant: its issues are the only ones indexed, so idf is theirs.
 */
import { buildIssueIndex, LINK_THRESHOLD, linkThreshold, MAX_LINKS_PER_INSIGHT } from '../tracker-linking/issue-index.ts';
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

export function evaluateTrackerLinking(products: readonly TrackerProduct[], threshold = LINK_THRESHOLD): TrackerEvaluation {
  const started = performance.now();
  const lowest = Math.min(threshold, ...SWEEP);
  const predictions = products.flatMap((product) => {
    const index = buildIssueIndex(product.issues.map((issue) => ({ id: issue.key, title: issue.title, description: issue.description, comments: issue.comments })));
    return product.insights.map((insight) => ({
      product: product.product,
      type: insight.type,
      text: insight.text,
      expected: insight.issues,
      linked: index.match(insight.text, lowest, MAX_LINKS_PER_INSIGHT).map((m) => ({ key: m.issueId, score: m.score })),
    }));
  });
  return {
    products: products.length,
    issues: products.reduce((sum, p) => sum + p.issues.length, 0),
    insights: predictions.length,
    links: predictions.reduce((sum, p) => sum + p.expected.length, 0),
    at: counts(threshold, predictions),
    sweep: SWEEP.map((t) => counts(t, predictions)),
    predictions: predictions.map((p) => ({ ...p, linked: p.linked.filter((l) => l.score >= linkThreshold(p.type, threshold)) })),
    seconds: (performance.now() - started) / 1000,
  };
}
