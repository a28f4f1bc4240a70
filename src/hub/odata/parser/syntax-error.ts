const SHOWN_LENGTH = 40;

/** Input text as a message shows it: at most 40 characters, control characters escaped. */
function shorten(text: string): string {
  const chars = [...text.slice(0, SHOWN_LENGTH * 2)];
  const shown = chars.slice(0, SHOWN_LENGTH).join('') + (chars.length > SHOWN_LENGTH || text.length > SHOWN_LENGTH * 2 ? '…' : '');
  return shown.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Quotes input text for a message. */
export function quoted(text: string): string {
  return `'${shorten(text)}'`;
}

/**
 * The only error the parser throws, for any input. `position` is the 0-based
 * offset of the invalid part in the text given to the function that threw
 * (for `parseQueryOptions`, the raw query string as the client sent it, before
 * percent-decoding), so that a 400 response can say where; `option` names the
 * query option whose value is wrong, as written.
 */
export class ODataSyntaxError extends Error {
  readonly position: number;
  readonly option: string | undefined;
  /** The message without the position prefix: what was expected and what was found. */
  readonly detail: string;

  constructor(detail: string, position: number, option?: string) {
    super(`${option === undefined ? '' : `${shorten(option)} `}at position ${position}: ${detail}`);
    this.name = 'ODataSyntaxError';
    this.position = position;
    this.option = option;
    this.detail = detail;
  }
}
