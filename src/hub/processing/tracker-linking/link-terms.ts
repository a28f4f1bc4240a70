/**
 * The terms tracker linking compares (docs/processing.md, "Tracker
 * linking"): the content words of a text as the analysis reads them
 * (analysis/read-text.ts, wink-nlp's lemmas), so "exports", "exported" and
 * "exporting" are one term, and an insight and an issue meet on what they
 * are about, not on how a customer phrases a wish ("we really need", "it
 * would be great if").
 *
 * - **Kept:** nouns, proper nouns, verbs, adjectives, numbers and words the
 *   tagger does not know (product names, codes such as "2fa").
 * - **Dropped:** function words, the verbs and nouns of asking and
 *   complaining that every insight shares (`GENERIC`), and single letters.
 * - **Conflated:** a lemma goes through Harman's S-stemmer (Harman 1991,
 *   "How effective is suffixing?", JASIS 42(1), the three plural rules),
 *   because wink-nlp does not lemmatise capitalised words it tags as proper
 *   nouns ("Dashboards"); "log in", "sign in", "sign-on", "signin" and
 *   "logon" are one term, `login`, which "SSO" also gives (beside `sso`);
 *   "10,000" is `10000`.
 */
import { readText } from '../analysis/read-text.ts';

/** A text is read by its beginning: what it is about is said early, and the cost of reading stays bounded. */
export const MAX_TERM_TEXT_CHARS = 20_000;

const KEPT: ReadonlySet<string> = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM', 'X']);

/** Words of any insight or issue, which say nothing about which issue it is. */
const GENERIC: ReadonlySet<string> = new Set([
  'be', 'have', 'do', 'get', 'make', 'go', 'come', 'take', 'give', 'put', 'keep', 'let', 'say', 'tell', 'ask', 'know', 'think', 'see', 'look', 'try', 'use', 'work',
  'want', 'need', 'like', 'love', 'wish', 'hope', 'would', 'could', 'should', 'can', 'will', 'may', 'might', 'must', 'able', 'possible', 'great', 'nice', 'good', 'bad',
  'really', 'just', 'also', 'still', 'even', 'please', 'thank', 'thanks', 'sorry', 'help', 'helpful', 'useful', 'way', 'thing', 'something', 'lot', 'time', 'day', 'today',
  'week', 'month', 'year', 'people', 'team', 'customer', 'user', 'client', 'staff', 'everyone', 'someone', 'anyone', 'issue', 'problem', 'feature', 'request', 'question',
  'support', 'add', 'allow', 'option', 'right', 'now', 'new', 'every', 'other', 'same', 'own', 'many', 'much', 'more', 'most', 'main', 'real', 'sure', 'instead', 'etc',
  'u', 'ok', 'okay', 'yes', 'no', 'not', 'there', 'here', 'happen', 'start', 'stop', 'mean', 'seem', 'feel', 'find', 'show', 'set', 'call', 'email',
]);

const LOGIN_VERBS: ReadonlySet<string> = new Set(['log', 'sign']);
const LOGIN_PARTICLES: ReadonlySet<string> = new Set(['in', 'on', 'into']);
const LOGIN_WORDS: ReadonlySet<string> = new Set(['login', 'logon', 'signin', 'signon', 'sign-in', 'sign-on', 'log-in', 'log-on']);

/** Harman's S-stemmer: "ies" → "y", "es" → "e", "s" → "", each with its exceptions. */
function sStem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !word.endsWith('aes') && !word.endsWith('ees') && !word.endsWith('oes')) return word.slice(0, -1);
  if (word.endsWith('s') && !word.endsWith('us') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The terms of `text` in order, with repeats (the caller counts them). */
export function linkTerms(text: string): string[] {
  const terms: string[] = [];
  for (const sentence of readText(text.slice(0, MAX_TERM_TEXT_CHARS))) {
    const tokens = sentence.tokens;
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      const value = token.value.toLowerCase();
      // read-text spells contractions out ("id" → "i would"); a term is one word, as written.
      const lemma = token.lemma.includes(' ') ? value : token.lemma;
      // "sign in", "sign-in", "log into": the particle may follow a hyphen.
      const next = tokens[i + 1]?.value === '-' ? tokens[i + 2] : tokens[i + 1];
      if (LOGIN_WORDS.has(lemma) || (LOGIN_VERBS.has(lemma) && next !== undefined && LOGIN_PARTICLES.has(next.lemma))) {
        terms.push('login');
        if (next !== undefined && LOGIN_VERBS.has(lemma)) i = tokens.indexOf(next, i);
        continue;
      }
      if (lemma === 'sso') terms.push('login');
      if ((lemma === 'time' || lemma === 'timing') && next?.lemma === 'out') {
        terms.push('timeout');
        i = tokens.indexOf(next, i);
        continue;
      }
      if (!KEPT.has(token.pos)) continue;
      const term = token.pos === 'NUM' ? lemma.replace(/[,_]/g, '') : sStem(lemma.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
      if (term.length < 2 || GENERIC.has(term) || !/[\p{L}\p{N}]/u.test(term)) continue;
      terms.push(term);
    }
  }
  return terms;
}
