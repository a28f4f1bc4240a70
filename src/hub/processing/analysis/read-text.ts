/**
 * A text as the analysis stages read it: sentences with their character
 * offsets in the original text, and tokens with lemmas and parts of speech
 * from wink-nlp. Every later stage matches its lexicons and cues against the
 * lemmas, so "crashes", "crashed" and "crashing" are one entry, and "can't",
 * "won't", "doesn't" read "can not", "will not", "do not".
 */
import { its, nlp } from './nlp.ts';

export interface Token {
  /** The token as written. */
  readonly value: string;
  /** Lower-case lemma, with the contractions wink-nlp leaves whole spelled out. */
  readonly lemma: string;
  /** Universal POS tag (NOUN, VERB, PUNCT, …). */
  readonly pos: string;
  /** Offset of the token in the original text. */
  readonly start: number;
}

export interface Sentence {
  readonly start: number;
  readonly end: number;
  /** `text.slice(start, end)` of the original text. */
  readonly text: string;
  readonly tokens: readonly Token[];
}

/**
 * Contractions and chat spellings that wink-nlp's lemmatiser keeps as one
 * token; each is spelled out so that one cue ("i be go to cancel") covers
 * "I'm going to cancel" and "im going to cancel".
 */
const SPELLED_OUT: ReadonlyMap<string, string> = new Map([
  ["i'm", 'i be'], ['im', 'i be'], ['dont', 'do not'], ['doesnt', 'do not'], ['didnt', 'do not'],
  ['cant', 'can not'], ['cannot', 'can not'], ['wont', 'will not'], ['isnt', 'be not'], ['arent', 'be not'],
  ['wasnt', 'be not'], ['werent', 'be not'], ['havent', 'have not'], ['hasnt', 'have not'], ['couldnt', 'could not'],
  ['wouldnt', 'would not'], ['shouldnt', 'should not'], ['ive', 'i have'], ['youre', 'you be'], ['theyre', 'they be'],
  ['thats', 'that be'], ['whats', 'what be'], ['id', 'i would'], ['ill', 'i will'],
]);

/**
 * Characters replaced one for one before reading, so offsets into the
 * result are offsets into the original: typographic quotes become ASCII
 * ones (wink-nlp splits contractions only at `'`), and control characters
 * other than tab and newline (binary junk) become spaces.
 */
export function normaliseCharacters(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, ' ');
}

export function readText(original: string): Sentence[] {
  const text = normaliseCharacters(original);
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value);
  const spaces = doc.tokens().out(its.precedingSpaces);
  // wink-nlp declares its.lemma with the model's addons as a third parameter,
  // which out() passes but its type for out() does not allow.
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value);
  const tags = doc.tokens().out(its.pos);
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  const tokens: Token[] = [];
  let offset = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? '';
    offset += (spaces[i] ?? '').length;
    // wink-nlp's tokens and spaces rebuild the text exactly; should a token ever
    // be normalised by the library, search for it rather than trust the sum.
    if (!text.startsWith(value, offset)) {
      const found = text.indexOf(value, offset);
      if (found >= 0) offset = found;
    }
    const lemma = (lemmas[i] ?? value).toLowerCase();
    tokens.push({ value, lemma: SPELLED_OUT.get(lemma) ?? lemma, pos: tags[i] ?? 'X', start: offset });
    offset += value.length;
  }
  const sentences: Sentence[] = [];
  const close = (own: Token[]): void => {
    const head = own[0];
    const tail = own[own.length - 1];
    if (!head || !tail) return;
    const end = tail.start + tail.value.length;
    sentences.push({ start: head.start, end, text: original.slice(head.start, end), tokens: own });
  };
  for (const [first, last] of mergeUnspaced(spans, tokens)) {
    // A line break ends a sentence too: chats and emails often end a line
    // without punctuation ("Hi team\nThe export is broken").
    let own: Token[] = [];
    for (const token of tokens.slice(first, last + 1)) {
      if (token.pos !== 'SPACE') own.push(token);
      else if (token.value.includes('\n')) {
        close(own);
        own = [];
      }
    }
    close(own);
  }
  return sentences;
}

/**
 * wink-nlp ends a sentence at the dot of "Monday.com" or "v2.5"; a sentence
 * that starts right after the previous one's last character, with no space,
 * is the same sentence.
 */
function mergeUnspaced(spans: readonly [number, number][], tokens: readonly Token[]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [first, last] of spans) {
    const previous = merged[merged.length - 1];
    const end = previous ? tokens[previous[1]] : undefined;
    const start = tokens[first];
    if (previous && end && start && end.start + end.value.length === start.start && /^\p{L}/u.test(start.value)) previous[1] = last;
    else merged.push([first, last]);
  }
  return merged;
}

/** The lemmas of tokens, space-separated: what lexicon phrases and cues are matched against. */
export function lemmaString(tokens: readonly Token[]): string {
  return tokens.map((t) => t.lemma).join(' ');
}
