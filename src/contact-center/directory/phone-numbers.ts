/**
 * Phone numbers as the contact center compares them: E.164, read by
 * libphonenumber-js. A number without a country code is read as one of
 * PHONE_DEFAULT_REGION, else of the US, whose numbers the Apps API's
 * examples use ("+1 760-867-5309").
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export function defaultRegion(configured: CountryCode | undefined): CountryCode {
  return configured ?? 'US';
}

/** The E.164 form of `text`, or undefined when it is no possible phone number. */
export function toE164(text: string, region: CountryCode): string | undefined {
  if (text.length > 40 || !/^[\d\s+().\-]+$/.test(text)) return undefined;
  const number = parsePhoneNumberFromString(text, { defaultCountry: region });
  return number?.isPossible() ? number.number : undefined;
}

/** Emergency short codes (ITU-T E.161.1 and national ones): never dialled by a machine, never listed. */
const EMERGENCY = new Set(['911', '112', '999', '000', '110', '119', '100', '101', '102', '108', '111', '113', '118', '122', '190', '191', '192', '193', '997']);

export function isEmergencyNumber(text: string): boolean {
  return EMERGENCY.has(text.replace(/[\s().\-]/g, '').replace(/^\+/, ''));
}
