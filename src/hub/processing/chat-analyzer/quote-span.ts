/**
 * Where a quote from a chat model sits in the fragment it names: the
 * customer's own words must be stored as they were said, so the quote must
 * be a piece of the fragment's text.
 *
 * Models copy with small slips: another case, curly instead of straight
 * quotes, a line break as a space, quotation marks or an ellipsis around the
 * quote. Those are forgiven by matching both texts in a folded form (case,
 * quote marks and runs of white space folded; one pair of quotation marks,
 * ellipses and a final stop around the quote left out) and storing the
 * fragment's own characters. Anything else (a word changed, added or left
 * out) is no match: the caller then distrusts the whole answer.
 *
 * A quote must hold words: at least `MIN_QUOTE_CHARS` characters once its
 * marks are taken off, a letter or digit among them, so that a quote of
 * " ", "." or "e", which any fragment contains, is no match either.
 *
 * One finder serves all the quotes of one fragment: the fragment is folded
 * once, at the first quote that needs it.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const MIN_QUOTE_CHARS = 3;
const QUOTE_MARKS = `"'“”‘’«»„`;
const ELLIPSIS = /^(?:…|\.\.\.)|(?:…|\.\.\.)$/g;

/** The quote without what a model puts around it: one pair of quotation marks, ellipses. */
function unwrapped(quote: string): string {
  let text = quote.trim();
  if (text.length >= 2 && QUOTE_MARKS.includes(text[0]!) && QUOTE_MARKS.includes(text[text.length - 1]!)) text = text.slice(1, -1).trim();
  return text.replace(ELLIPSIS, '').trim();
}

function foldChar(char: string): string {
  if (/\s/u.test(char)) return ' ';
  if ('“”«»„'.includes(char)) return '"';
  if ('‘’`'.includes(char)) return "'";
  return char.toLowerCase();
}

/** The folded text, and for each of its characters the index in `text` it came from. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const mapped = foldChar(char);
    if (!(mapped === ' ' && folded.endsWith(' '))) {
      folded += mapped;
      for (let unit = 0; unit < mapped.length; unit++) origin.push(index);
    }
    index += char.length;
  }
  return { folded, origin };
}

export function quoteFinder(fragment: string): (quote: string) => Span | undefined {
  let folding: ReturnType<typeof fold> | undefined;
  return (quote) => {
    const text = unwrapped(quote);
    if (text.length < MIN_QUOTE_CHARS || !/[\p{L}\p{N}]/u.test(text)) return undefined;
    const trimmed = quote.trim();
    const exact = fragment.indexOf(trimmed);
    if (exact >= 0) return { start: exact, end: exact + trimmed.length };
    const { folded, origin } = (folding ??= fold(fragment));
    // A final stop the fragment does not have is forgiven second, so one it has stays in the span.
    for (const candidate of [text, text.replace(/[.!?]+$/, '')]) {
      const wanted = fold(candidate).folded.trim();
      const at = wanted === '' ? -1 : folded.indexOf(wanted);
      if (at < 0) continue;
      const lastChar = origin[at + wanted.length - 1]!;
      return { start: origin[at]!, end: lastChar + (fragment.codePointAt(lastChar)! > 0xffff ? 2 : 1) };
    }
    return undefined;
  };
}
