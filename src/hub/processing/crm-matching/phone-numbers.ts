/**
 * Phone numbers as CRM matching compares them (docs/processing.md, "CRM
 * matching"): E.164 (`+442079460958`), read by libphonenumber-js. A number
 * written without a country code is read as one of the configured default
 * region (PHONE_DEFAULT_REGION); without that region it cannot be read and
 * matches nothing.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The E.164 form of `text`, or undefined when it is no possible phone number (too short, letters, no country). */
export function toE164(text: string | null, region: CountryCode | undefined): string | undefined {
  if (!text) return undefined;
  const number = parsePhoneNumberFromString(text, region ? { defaultCountry: region } : undefined);
  return number?.isPossible() ? number.number : undefined;
}

/**
 * The digit strings (SQL's crm_phone_digits) under which a stored number
 * that reads as `e164` can be found: with its country code (`+44 20…`,
 * `+44 (0)20…`), behind the international prefixes 00 and 011, and, for a
 * number of the default region, in national form (`020 7946 0958`) with or
 * without its trunk prefix. More strings match than should (digits say
 * nothing of the country); each found number is read again with toE164 and
 * kept only when it equals `e164`.
 */
export function digitVariants(e164: string, region: CountryCode | undefined): string[] {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return [];
  const national = number.formatNational().replace(/\D/g, '');
  const international = `${number.countryCallingCode}${number.nationalNumber}`;
  const variants = [international, `00${international}`, `011${international}`, `${number.countryCallingCode}${national}`];
  if (region && getCountryCallingCode(region) === number.countryCallingCode) variants.push(national, number.nationalNumber);
  return [...new Set(variants)];
}
