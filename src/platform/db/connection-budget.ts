/**
 * A share of the pool for one kind of work, such as the importer's COPY:
 * at most `connections` of the pool's clients (and always at least one
 * fewer than the pool has) are out for it at once, so the rest stay free
 * for interactive requests whatever that work does (docs/operations.md,
 * "Database connections"). Callers beyond the share wait, first come first
 * served.
 */
import type pg from 'pg';

export class ConnectionBudget {
  readonly #pool: pg.Pool;
  readonly #connections: number;
  readonly #waiting: (() => void)[] = [];
  #out = 0;

  constructor(pool: pg.Pool, connections: number) {
    const max = pool.options.max ?? 10;
    if (max < 2) throw new Error(`a pool of ${max} connection cannot spare one for a budget`);
    this.#pool = pool;
    this.#connections = Math.min(connections, max - 1);
  }

  /** A client of the pool, once the share has room; its `release()` frees both. */
  async connect(): Promise<pg.PoolClient> {
    if (this.#out < this.#connections) this.#out++;
    // A released share passes straight to the first waiter (#free), so #out already counts it.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      this.#free();
      throw error;
    }
    const release = client.release;
    client.release = (error?: Error | boolean) => {
      client.release = release;
      release.call(client, error);
      this.#free();
    };
    return client;
  }

  #free(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#out--;
  }
}
