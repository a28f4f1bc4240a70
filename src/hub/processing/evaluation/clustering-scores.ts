/**
 * Agreement of a clustering with reference labels (docs/quality.md
 * "Topics"): normalised mutual information with the arithmetic-mean
 * normaliser, I(U;V) / ((H(U) + H(V)) / 2) (Vinh, Epps & Bailey 2010, the
 * scikit-learn default), and the adjusted Rand index (Hubert & Arabie
 * 1985). Both read any integer ids; a noise id is one cluster like any other.
 */

interface Contingency {
  readonly n: number;
  readonly cells: Map<string, number>;
  readonly rows: Map<number, number>;
  readonly columns: Map<number, number>;
}

function contingency(truth: ArrayLike<number>, predicted: ArrayLike<number>): Contingency {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} labels for ${predicted.length} predictions`);
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  for (let i = 0; i < truth.length; i += 1) {
    const key = `${truth[i]!}\u0000${predicted[i]!}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(truth[i]!, (rows.get(truth[i]!) ?? 0) + 1);
    columns.set(predicted[i]!, (columns.get(predicted[i]!) ?? 0) + 1);
  }
  return { n: truth.length, cells, rows, columns };
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

export function normalizedMutualInformation(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { n, cells, rows, columns } = contingency(truth, predicted);
  if (n === 0) return 1;
  let mi = 0;
  for (const [key, c] of cells) {
    const [u, v] = key.split('\u0000').map(Number) as [number, number];
    mi += (c / n) * Math.log((c * n) / (rows.get(u)! * columns.get(v)!));
  }
  const hu = entropy(rows.values(), n);
  const hv = entropy(columns.values(), n);
  // Both single clusters: identical partitions (scikit-learn's convention).
  if (hu === 0 && hv === 0) return 1;
  return Math.max(0, mi / ((hu + hv) / 2));
}

const pairs = (c: number): number => (c * (c - 1)) / 2;

export function adjustedRandIndex(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { n, cells, rows, columns } = contingency(truth, predicted);
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let a = 0;
  for (const c of rows.values()) a += pairs(c);
  let b = 0;
  for (const c of columns.values()) b += pairs(c);
  const expected = n < 2 ? 0 : (a * b) / pairs(n);
  const maximum = (a + b) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
