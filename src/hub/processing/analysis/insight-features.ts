/**
 * What the insight model sees of a sentence (docs/processing.md,
 * "Insights"): its lemmas and lemma pairs, each marked when a negator
 * governs it ("not_renew"), the character 4-grams of its words (so "crashs",
 * "crashing" and "chrashed" share most of what "crash" taught), the business
 * word classes it touches (`word-classes.ts`), the types whose cues match
 * (`cue-hits.ts`), whether it asks something, and the sign of its lexical
 * sentiment. Sparse binary features, named so that a weight in
 * `insight-model.json` explains itself.
 */
import type { CueHits } from './cue-hits.ts';
import { isNegated } from './negation.ts';
import type { Token } from './read-text.ts';
import { WORD_CLASSES } from './word-classes.ts';

const CLASS_OF = new Map<string, string[]>();
for (const [name, words] of Object.entries(WORD_CLASSES)) {
  for (const word of words) CLASS_OF.set(word, [...(CLASS_OF.get(word) ?? []), name]);
}

const WORD = /[\p{L}\p{N}$€£]/u;

/** "glitched", "glitching", "glitches": words the lemmatiser does not know, cut to a stem that may be listed. */
function unsuffixed(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, '');
}

const GRAM = 4;

/** A word's 4-gram features, kept once built: the same few thousand words recur in every conversation. */
const gramCache = new Map<string, readonly string[]>();
const GRAM_CACHE_WORDS = 50_000;

function gramsOf(word: string): readonly string[] {
  let grams = gramCache.get(word);
  if (!grams) {
    const padded = `_${word}_`;
    const built: string[] = [];
    for (let i = 0; i + GRAM <= padded.length; i += 1) built.push(`g:${padded.slice(i, i + GRAM)}`);
    if (gramCache.size >= GRAM_CACHE_WORDS) gramCache.clear();
    gramCache.set(word, built);
    grams = built;
  }
  return grams;
}

export function sentenceFeatures(tokens: readonly Token[], valence: number, question: boolean, cues: CueHits): string[] {
  const lemmas = tokens.map((t) => t.lemma);
  const features = new Set<string>(['bias']);
  const classHits = new Map<string, number>();
  let previous: string | null = null;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token || !WORD.test(token.value)) {
      previous = null;
      continue;
    }
    const negated = isNegated(lemmas, i);
    const lemma = negated ? `not_${token.lemma}` : token.lemma;
    features.add(`w:${lemma}`);
    for (const gram of gramsOf(token.value.toLowerCase())) features.add(gram);
    if (previous !== null) features.add(`b:${previous}_${token.lemma}`);
    previous = token.lemma;
    const classes = CLASS_OF.get(token.lemma) ?? CLASS_OF.get(token.value.toLowerCase()) ?? CLASS_OF.get(unsuffixed(token.value.toLowerCase())) ?? [];
    for (const name of classes) {
      const key = negated ? `not_${name}` : name;
      classHits.set(key, (classHits.get(key) ?? 0) + 1);
    }
  }
  for (const [name, count] of classHits) {
    features.add(`c:${name}`);
    if (count >= 2) features.add(`c:${name}:2`);
  }
  for (const type of cues.strong) features.add(`cue:${type}`);
  if (cues.strong[0]) features.add(`first:${cues.strong[0]}`);
  for (const type of cues.weak) features.add(`weak:${type}`);
  if (cues.askedCapability) features.add('cue:asked_capability');
  if (cues.phatic) features.add('cue:phatic');
  if (question) features.add('question');
  if (valence >= 1) features.add('sentiment:positive');
  if (valence <= -1) features.add('sentiment:negative');
  return [...features];
}
