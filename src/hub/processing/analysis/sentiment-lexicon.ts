/**
 * The business-domain sentiment lexicon laid over AFINN-165
 * (docs/processing.md, "Sentiment"). Valences use AFINN's scale, -5 to 5.
 * Keys are lemmas as `read-text.ts` produces them (so "crashing" is
 * "crash", "doesn't work" is "do not work", "app" is "application").
 *
 * AFINN was rated on general text: it has no valence for what goes wrong
 * in a product (crash, outage, overcharge, too expensive, cancel my plan),
 * and it scores the courtesy of a support conversation (thanks, please,
 * help, support, sorry) as sentiment. Both are corrected here.
 */

/** Single lemmas: additions to AFINN and overrides of it. */
export const WORD_VALENCES: ReadonlyMap<string, number> = new Map([
  // What goes wrong.
  ['crash', -3], ['bug', -2], ['buggy', -3], ['break', -2], ['broken', -3], ['outage', -3], ['downtime', -3],
  ['glitch', -2], ['glitchy', -2], ['freeze', -2], ['frozen', -2], ['lag', -2], ['laggy', -2], ['slow', -2],
  ['sluggish', -2], ['timeout', -2], ['unresponsive', -2], ['unusable', -3], ['unstable', -2], ['flaky', -2],
  ['corrupt', -3], ['corrupted', -3], ['blank', -1], ['overcharge', -3], ['overcharged', -3], ['overbill', -3],
  ['expensive', -2], ['overpriced', -3], ['pricey', -2], ['steep', -1], ['unaffordable', -3],
  ['churn', -2], ['cancel', -2], ['cancellation', -2], ['unsubscribe', -2], ['downgrade', -2], ['refund', -1],
  ['clunky', -2], ['cumbersome', -2], ['tedious', -2], ['confusing', -2], ['unclear', -1], ['unintuitive', -2],
  ['inconsistent', -2], ['inaccurate', -2], ['incorrect', -2], ['wrong', -2], ['missing', -2], ['lack', -2],
  ['workaround', -1], ['manually', -1], ['blocker', -3], ['nightmare', -3], ['headache', -2], ['hassle', -2],
  ['dealbreaker', -3], ['escalate', -1], ['complaint', -2], ['damaged', -3], ['delay', -2], ['delayed', -2],
  ['late', -1], ['lose', -2], ['lost', -2], ['fraud', -3], ['unauthorized', -3], ['decline', -1], ['declined', -2],
  ['overdue', -1], ['penalty', -2], ['hidden', -1], ['spam', -2], ['vulnerable', -2], ['insecure', -2],
  ['disconnect', -2], ['drop', -2], ['error', -2], ['fail', -2], ['failure', -2], ['issue', -1], ['problem', -2],
  ['stuck', -2], ['frustrate', -2], ['frustrating', -2], ['frustrated', -2], ['annoying', -2], ['disappointing', -2],
  ['disappointed', -2], ['waste', -2], ['pointless', -2], ['ridiculous', -3], ['useless', -3],
  // What goes well.
  ['seamless', 2], ['seamlessly', 2], ['intuitive', 2], ['smooth', 2], ['smoothly', 2], ['flawless', 3],
  ['flawlessly', 3], ['reliable', 2], ['responsive', 2], ['fast', 1], ['quick', 1], ['quickly', 1], ['lifesaver', 3],
  ['fantastic', 4], ['superb', 4], ['stellar', 3], ['painless', 2], ['effortless', 2], ['resolve', 1], ['resolved', 2],
  ['fix', 1], ['fixed', 1], ['renew', 1], ['upgrade', 1], ['improved', 2], ['improvement', 1], ['helpful', 2],
  ['knowledgeable', 2], ['patient', 2], ['professional', 1], ['polite', 2], ['friendly', 2], ['straightforward', 2],
  // Courtesy and request words that AFINN scores but support text uses without sentiment.
  ['thank', 0.5], ['thanks', 0.5], ['please', 0], ['sorry', 0], ['help', 0], ['support', 0], ['care', 0],
  ['want', 0], ['free', 0], ['yes', 0], ['no', 0], ['pretty', 0], ['kind', 0], ['dear', 0], ['hope', 0],
  ['wish', 0], ['matter', 0], ['interest', 0], ['joke', 0], ['justice', 0], ['increase', 0], ['important', 0],
  ['urgent', -1], ['limit', -1], ['credit', 0], ['safe', 0], ['secure', 0], ['clear', 0], ['leave', 0], ['stop', -1],
  ['charge', 0], ['charged', 0], ['charges', 0], ['block', -1], ['kill', -1],
]);

/**
 * Phrases of two or more lemmas, matched before single words (longest
 * first); a phrase's valence replaces those of its words. Zero entries
 * silence words that carry no sentiment in that phrase ("would like",
 * "feel free", "no problem" said as courtesy is handled by negation).
 */
export const PHRASE_VALENCES: ReadonlyMap<string, number> = new Map([
  ['do not work', -3], ['not work', -3], ['stop work', -3], ['never work', -3], ['keep crash', -3],
  ['keep fail', -3], ['keep happen', -2], ['go down', -2], ['be down', -3], ['too expensive', -3],
  ['too slow', -3], ['too much', -1], ['too many', -1], ['too long', -2], ['way too', -1], ['take forever', -3],
  ['take too long', -3], ['waste of time', -3], ['waste of money', -3], ['not worth', -3], ['rip off', -3],
  ['charge twice', -3], ['double charge', -3], ['charge me twice', -3], ['hard to', -2], ['difficult to', -2],
  ['can not find', -2], ['can not log', -3], ['can not access', -3], ['can not figure', -2], ['lock out', -3],
  ['no one', -1], ['nobody', -1], ['still wait', -2], ['still not', -2], ['still have not', -2], ['never arrive', -3],
  ['not arrive', -2], ['never receive', -3], ['not receive', -2], ['on hold', -1], ['deal breaker', -3],
  ['fall through', -2], ['look elsewhere', -2], ['switch to', -1], ['move to', 0], ['get worse', -3], ['out of date', -1],
  ['the wrong', -2], ['lose datum', -3], ['data loss', -3], ['would like', 0], ['feel free', 0], ['look like', 0],
  ['feel like', 0], ['seem like', 0], ['something like', 0], ['if you like', 0], ['help me', 0],
  ['work great', 3], ['work well', 2], ['work perfectly', 3], ['work fine', 1], ['work like a charm', 3],
  ['easy to use', 2], ['easy to set up', 2], ['user friendly', 2], ['save time', 2], ['save us', 2], ['save me', 2],
  ['save hour', 2], ['game changer', 3], ['that help', 2], ['help a lot', 2], ['really help', 2], ['go above and beyond', 3],
  ['thank you so much', 2], ['really appreciate', 2], ['no issue', 2], ['no problem', 1], ['not bad', 1],
]);

/** Words that strengthen the sentiment word after them (VADER's boosters). */
export const BOOSTERS: ReadonlySet<string> = new Set([
  'very', 'really', 'so', 'extremely', 'super', 'incredibly', 'totally', 'completely', 'absolutely', 'utterly',
  'constantly', 'always', 'seriously', 'insanely', 'highly', 'hugely', 'pretty', 'quite', 'especially',
]);

/** Words that weaken it. */
export const DIMINISHERS: ReadonlySet<string> = new Set(['slightly', 'somewhat', 'bit', 'little', 'occasionally', 'sometimes', 'barely', 'marginally']);

/**
 * A sentence that wishes for something ("it would be great if…",
 * "we'd love…") is a request, not praise: its positive words are dropped.
 */
export const HYPOTHETICAL = /\b(?:would|could) (?:be|love|really love|make)\b|\bwish\b|\bhope\b|\bif only\b|\bnice to have\b/;
