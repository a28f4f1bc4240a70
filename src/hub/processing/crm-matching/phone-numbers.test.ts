import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitVariants, toE164 } from './phone-numbers.ts';

const digits = (text: string) => text.replace(/\D/g, '');

test('one London number in the ways people write it reads as one E.164 number with the default region GB', () => {
  for (const text of ['+44 20 7946 0958', '020 7946 0958', '(020) 7946-0958', '0044 20 7946 0958', '+44 (0)20 7946 0958', 'tel:+44-20-7946-0958', '+44 20 7946 0958 ext. 12']) {
    assert.equal(toE164(text, 'GB'), '+442079460958', text);
  }
  assert.equal(toE164('011 44 20 7946 0958', 'US'), '+442079460958', 'the North American international prefix, from the US');
});

test('without a default region only numbers with a country code are read', () => {
  assert.equal(toE164('+44 20 7946 0958', undefined), '+442079460958');
  assert.equal(toE164('020 7946 0958', undefined), undefined);
  for (const junk of ['', '12', 'call me', null]) assert.equal(toE164(junk, 'GB'), undefined, String(junk));
});

test('the digit variants of a number include the digits of every way of writing it that reads back as that number', () => {
  const variants = digitVariants('+442079460958', 'GB');
  for (const text of ['+44 20 7946 0958', '020 7946 0958', '0044 20 7946 0958', '+44 (0)20 7946 0958', '20 7946 0958']) {
    assert.ok(variants.includes(digits(text)), `${text} → ${digits(text)} in ${variants.join(' ')}`);
  }
  assert.ok(digitVariants('+14155550132', 'US').includes('4155550132'), 'a US number in national form');
  assert.ok(digitVariants('+14155550132', 'GB').includes('0014155550132'), 'a US number dialled from the UK');
  assert.ok(!digitVariants('+14155550132', 'GB').includes('4155550132'), 'national forms only for the default region');
});
