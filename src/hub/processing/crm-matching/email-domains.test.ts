import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domainCandidates, isFreeMailDomain } from './email-domains.ts';

test('an address matches by its host, then by each parent domain down to two labels', () => {
  assert.deepEqual(domainCandidates('acme.com'), ['acme.com']);
  assert.deepEqual(domainCandidates('eu.sales.acme.com'), ['eu.sales.acme.com', 'sales.acme.com', 'acme.com']);
  assert.deepEqual(domainCandidates('localhost'), []);
  assert.deepEqual(domainCandidates(null), []);
});

test('free-mail and disposable providers match no account by domain', () => {
  for (const host of ['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.co.uk', 'icloud.com', 'proton.me', 'gmx.de', 'yahoo.co.jp', 'mailinator.com']) {
    assert.ok(isFreeMailDomain(host), host);
    assert.deepEqual(domainCandidates(host), [], host);
  }
  assert.deepEqual(domainCandidates('mail.yahoo.co.jp'), [], 'a subdomain of a provider');
  for (const host of ['acme.com', 'google.com', 'salesforce.com']) assert.equal(isFreeMailDomain(host), false, host);
});
