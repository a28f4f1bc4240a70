/**
 * Whether a word is negated: a negator among the three words before it,
 * with no clause break between (VADER's window, Hutto & Gilbert 2014). The
 * sentiment scorer flips such words and the insight classifier ignores
 * cues they negate ("it's not broken", "we're not going to cancel").
 */
const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'without', 'nothing', 'nobody', 'none', 'neither', 'nor', 'hardly', 'barely', 'nowhere', 'cannot',
]);

/** Words after which a negator no longer reaches. */
const CLAUSE_BREAKS: ReadonlySet<string> = new Set([
  ',', '.', ';', ':', '!', '?', '-', '--', '…', '...', 'but', 'and', 'or', 'so', 'because', 'though', 'although', 'however', 'yet',
]);

/** "not only", "no doubt", "not just" do not negate what follows. */
const NOT_NEGATING: ReadonlySet<string> = new Set(['only', 'doubt', 'just', 'sure', 'exactly']);

const WINDOW = 3;

export function isNegator(lemma: string): boolean {
  return NEGATORS.has(lemma);
}

export function isNegated(lemmas: readonly string[], index: number): boolean {
  for (let i = index - 1; i >= 0 && i >= index - WINDOW; i -= 1) {
    const word = lemmas[i] ?? '';
    if (CLAUSE_BREAKS.has(word)) return false;
    if (NEGATORS.has(word)) return !NOT_NEGATING.has(lemmas[i + 1] ?? '');
  }
  return false;
}
