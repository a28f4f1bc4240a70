/**
 * The terms of an insight for topic clustering: lower-cased words, lemmatised
 * (wink-lemmatizer: the verb lemma when there is one, else the noun lemma, so
 * "charged" and "charges" are both "charge"), stop words, numbers and single
 * letters left out, then unigrams and the bigrams of adjacent remaining words
 * (as BERTopic's CountVectorizer does with stop words removed first).
 */
import lemmatizer from 'wink-lemmatizer';
import { STOP_WORDS } from './stop-words.ts';

const WORD = /\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*/gu;
const CACHE_LIMIT = 200_000;
const lemmas = new Map<string, string | null>();

function lemmaOf(word: string): string | null {
  let lemma = lemmas.get(word);
  if (lemma !== undefined) return lemma;
  const plain = word.replace(/['’]s$/u, '').replace(/['’]/gu, '');
  if (plain.length < 2 || plain.length > 40 || STOP_WORDS.has(plain)) lemma = null;
  else {
    const verb = lemmatizer.lemmatizeVerb(plain);
    lemma = verb !== plain ? verb : lemmatizer.lemmatizeNoun(plain);
    if (STOP_WORDS.has(lemma)) lemma = null;
  }
  if (lemmas.size >= CACHE_LIMIT) lemmas.clear();
  lemmas.set(word, lemma);
  return lemma;
}

/** The content words of a text, in order. */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const lemma = lemmaOf(match[0]);
    if (lemma !== null) words.push(lemma);
  }
  return words;
}

/** Unigrams then bigrams ("card decline") of a text's content words. */
export function topicTerms(words: readonly string[]): string[] {
  const terms = [...words];
  for (let i = 1; i < words.length; i += 1) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}
