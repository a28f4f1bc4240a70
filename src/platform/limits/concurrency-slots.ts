/**
 * Slots for what a request holds while it runs (an upload spooling, a page
 * streaming to a slow socket): at most `perKey` at once per key (a tenant) and
 * `total` across keys, in this process. A request that finds none free is
 * refused at once with a 429 rather than queued: a queue would hold the
 * client's socket and memory, which is what the slots exist to bound.
 *
 * The bound is per process on purpose: what it protects (this process's pool
 * connections, memory and sockets) is per process too. N processes behind a
 * load balancer each give a tenant `perKey`.
 */
import { PlatformErrors } from '../errors/platform-errors.ts';

export interface SlotLimits {
  readonly perKey: number;
  readonly total: number;
}

/** Held until `release()`, which is idempotent so every exit path may call it. */
export interface Slot {
  release(): void;
}

export class ConcurrencySlots {
  readonly #limits: SlotLimits;
  readonly #what: string;
  readonly #retryAfterSeconds: number;
  readonly #held = new Map<string, number>();
  #total = 0;

  /** `what` names the resource in the 429's message ("uploads", "streamed reads"). */
  constructor(what: string, limits: SlotLimits, retryAfterSeconds = 1) {
    this.#what = what;
    this.#limits = limits;
    this.#retryAfterSeconds = retryAfterSeconds;
  }

  /** A slot for `key`, or a 429 `PLATFORM_TOO_MANY_CONCURRENT` with `Retry-After`. */
  acquire(key: string): Slot {
    const held = this.#held.get(key) ?? 0;
    if (held >= this.#limits.perKey || this.#total >= this.#limits.total) {
      const limit = held >= this.#limits.perKey ? `${this.#limits.perKey} per workspace` : `${this.#limits.total} in all`;
      throw PlatformErrors.PLATFORM_TOO_MANY_CONCURRENT([this.#what, limit, this.#retryAfterSeconds], { headers: { 'retry-after': String(this.#retryAfterSeconds) } });
    }
    this.#held.set(key, held + 1);
    this.#total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#total--;
        const left = (this.#held.get(key) ?? 1) - 1;
        if (left === 0) this.#held.delete(key);
        else this.#held.set(key, left);
      },
    };
  }

  /** Slots held for `key`, or in all without one. */
  inUse(key?: string): number {
    return key === undefined ? this.#total : (this.#held.get(key) ?? 0);
  }
}
