/**
 * The three customer flags of a call or chat (seed 003, customer_flag). The
 * seed's GET answers `repeat_customer` while its PATCH body says
 * `repeat_customers`: both spellings are read, the singular is answered.
 */
import { SessionDataErrors } from './session-data-errors.ts';

export interface CustomerFlags {
  readonly verified_customer: boolean;
  readonly bad_actor: boolean;
  readonly repeat_customer: boolean;
}

export type CustomerFlagPatch = Partial<CustomerFlags>;

const READ_AS: Readonly<Record<string, keyof CustomerFlags>> = {
  verified_customer: 'verified_customer',
  bad_actor: 'bad_actor',
  repeat_customers: 'repeat_customer',
  repeat_customer: 'repeat_customer',
};

/** A PATCH/PUT body: at least one known flag, each a boolean; unknown keys are refused so a typo is not silently ignored. */
export function readCustomerFlagPatch(body: unknown): CustomerFlagPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw SessionDataErrors.CC_CUSTOMER_FLAG_INVALID();
  const patch: Partial<Record<keyof CustomerFlags, boolean>> = {};
  for (const [key, value] of Object.entries(body)) {
    const flag = READ_AS[key];
    if (!flag || typeof value !== 'boolean') throw SessionDataErrors.CC_CUSTOMER_FLAG_INVALID();
    patch[flag] = value;
  }
  if (Object.keys(patch).length === 0) throw SessionDataErrors.CC_CUSTOMER_FLAG_INVALID();
  return patch;
}

/** The stored flags (jsonb, possibly partial) as the seed's three booleans. */
export function customerFlagView(stored: unknown): CustomerFlags {
  const flags = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return {
    verified_customer: flags.verified_customer === true,
    bad_actor: flags.bad_actor === true,
    repeat_customer: flags.repeat_customer === true,
  };
}
