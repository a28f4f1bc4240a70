/**
 * A user agent for HTTP tests of pages and the OAuth flow: keeps cookies,
 * follows redirects by hand (so tests see each hop), reads forms' CSRF
 * tokens. The browser tests use Chromium; this one exercises the many
 * security cases quickly.
 */
export interface Hop {
  readonly status: number;
  readonly location: string | undefined;
  readonly url: string;
  readonly body: string;
}

export class WebUser {
  readonly #cookies: Map<string, string>;
  readonly origin: string;

  constructor(origin: string, cookies = new Map<string, string>()) {
    this.origin = origin;
    this.#cookies = cookies;
  }

  /** The same browser talking to another process of the deployment (as behind a load balancer). */
  at(origin: string): WebUser {
    return new WebUser(origin, this.#cookies);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}): Promise<Hop> {
    const absolute = new URL(url, this.origin).toString();
    const headers: Record<string, string> = { ...init.headers };
    if (new URL(absolute).origin === this.origin && this.#cookies.size > 0) {
      headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) for (const item of [value].flat()) params.append(key, item);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(absolute, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, location: location && new URL(location, absolute).toString(), url: absolute, body: await response.text() };
  }

  /** Follows redirects on this origin; stops at the first hop that leaves it (e.g. the client's redirect_uri). */
  async follow(url: string, init: Parameters<WebUser['request']>[1] = {}): Promise<Hop> {
    let hop = await this.request(url, init);
    for (let i = 0; i < 10 && hop.location && new URL(hop.location).origin === this.origin && hop.status >= 300 && hop.status < 400; i++) {
      hop = await this.request(hop.location);
    }
    return hop;
  }

  hasCookie(name: string): boolean {
    return this.#cookies.has(name);
  }

  /** A browser signed in to the pages at `origin` through the login form, as a person signs in. */
  static async signIn(origin: string, email: string, password: string): Promise<WebUser> {
    const user = new WebUser(origin);
    const login = await user.request('/login');
    const done = await user.request('/login', { form: { _csrf: WebUser.csrf(login.body), email, password } });
    if (done.status !== 303) throw new Error(`sign-in of ${email} answered ${done.status}:\n${done.body.slice(0, 300)}`);
    return user;
  }

  static csrf(body: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(body);
    if (!match) throw new Error(`no CSRF token in page:\n${body.slice(0, 500)}`);
    return match[1]!;
  }
}
