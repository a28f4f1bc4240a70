/**
 * The one error class every context throws for a failure a client can act on.
 *
 * Each error comes from a catalogue entry made with `defineError`: a code
 * named `<AREA>_<WHAT>` (never reused once released), an HTTP status and a
 * message template with `%s` placeholders. `expose` is false for 5xx so that
 * responses never carry internal detail (after oidc-provider's errors.js);
 * the cause is kept for the log.
 */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly expose: boolean;
  /** What the error is about: a parameter, a header, a property name. */
  readonly target: string | undefined;
  readonly details: readonly { code: string; message: string; target?: string }[];
  /** Response headers that belong to the error, such as `Retry-After` on a 429 (RFC 9110 §10.2.3). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: string,
    statusCode: number,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusCode;
    this.expose = statusCode < 500;
    this.target = options.target;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

export interface ErrorOptions {
  readonly cause?: unknown;
  readonly target?: string;
  readonly details?: AppError['details'];
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ErrorDefinition {
  readonly code: string;
  readonly statusCode: number;
  readonly template: string;
  /** Builds the error; `args` fill the template's `%s` placeholders in order. */
  (args?: readonly (string | number)[], options?: ErrorOptions): AppError;
}

export function defineError(code: string, statusCode: number, template: string): ErrorDefinition {
  const create = (args: readonly (string | number)[] = [], options: ErrorOptions = {}) => {
    let i = 0;
    const message = template.replace(/%s/g, () => String(args[i++] ?? ''));
    return new AppError(code, statusCode, message, options);
  };
  return Object.assign(create, { code, statusCode, template });
}
