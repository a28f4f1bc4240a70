/**
 * How much demo data each scale makes. `large` is the benchmark tenant
 * (docs/benchmarks.md): 1,000,000 conversations (whole transcripts for a
 * tenth of them) and 200,000 contacts; the other sets follow from the
 * number of conversations in the proportions below. How many insights the
 * conversations hold is the pipeline's finding, not the scale's.
 */
export interface Scale {
  readonly conversations: number;
  /** Share of conversations with a whole transcript; the others hold the one exchange that matters. */
  readonly fragmentShare: number;
}

export const SCALES: Readonly<Record<'small' | 'medium' | 'large', Scale>> = {
  small: { conversations: 300, fragmentShare: 1 },
  medium: { conversations: 20_000, fragmentShare: 0.25 },
  large: { conversations: 1_000_000, fragmentShare: 0.1 },
};

export function parseScale(value: string): Scale | undefined {
  if (value in SCALES) return SCALES[value as keyof typeof SCALES];
  const n = Number(value);
  return Number.isInteger(n) && n >= 10 && n <= 10_000_000 ? { conversations: n, fragmentShare: n <= 1000 ? 1 : 0.1 } : undefined;
}

/** Row counts for a scale: contacts are a fifth of the conversations, accounts a fifth of the contacts, … */
export function counts(scale: Scale) {
  const n = scale.conversations;
  return {
    owners: Math.max(5, Math.min(200, Math.round(n / 5000))),
    accounts: Math.max(10, Math.round(n / 25)),
    contacts: Math.max(20, Math.round(n / 5)),
    leads: Math.max(10, Math.round(n / 20)),
    opportunities: Math.max(10, Math.round(n / 12)),
    cases: Math.max(5, Math.round(n / 20)),
    conversations: n,
    objects: Math.max(5, Math.round(n / 2000)),
    trackerIssues: Math.max(10, Math.round(n / 3000)),
  };
}
