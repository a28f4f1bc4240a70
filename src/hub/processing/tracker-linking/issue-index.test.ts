/**
 * The lexical similarity on its own (docs/processing.md, "Tracker
 * linking"): the right issue for an insight and not another, at most
 * MAX_LINKS_PER_INSIGHT links in a deterministic order, and texts that are
 * huge, empty or hostile read without harm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIssueIndex, LINK_THRESHOLD, MAX_LINKS_PER_INSIGHT } from './issue-index.ts';
import { linkTerms } from './link-terms.ts';

const ISSUES = [
  { id: 'sso', title: 'Support SAML SSO (Okta, Azure AD)', description: 'Enterprise customers need single sign-on through their identity provider.', comments: ['Okta first, then Azure AD.'] },
  { id: 'dark', title: 'Dark mode', description: 'A dark theme for the dashboards.', comments: [] },
  { id: 'csv', title: 'CSV export truncates at 10,000 rows', description: null, comments: [] },
  { id: 'pdf', title: 'Scheduled PDF reports by email', description: 'Send a dashboard as a PDF every week.', comments: [] },
];

test('an insight about SSO login with Okta links to the SAML SSO issue and not to dark mode', () => {
  const index = buildIssueIndex(ISSUES);
  const matches = index.match('We really need SSO login with Okta before we can roll this out.');
  assert.deepEqual(matches.map((m) => m.issueId), ['sso']);
  assert.ok(matches[0]!.score >= LINK_THRESHOLD && matches[0]!.score <= 1);
  assert.deepEqual(index.match('Please add a dark theme, my eyes hurt.').map((m) => m.issueId), ['dark']);
  assert.deepEqual(index.match('When I export to CSV I only get the first 10,000 rows.').map((m) => m.issueId), ['csv']);
  assert.deepEqual(index.match('The onboarding call was really helpful, thanks!'), [], 'praise of something no issue is about links to nothing');
});

test('words are compared by lemma and the ways of saying "log in" are one', () => {
  assert.deepEqual(linkTerms('Exports exported, exporting'), ['export', 'export', 'export']);
  assert.deepEqual(linkTerms('I sign in, log-in, log into it, signin'), ['login', 'login', 'login', 'login']);
  assert.deepEqual(linkTerms('It times out'), ['timeout']);
});

test(`at most ${MAX_LINKS_PER_INSIGHT} links, ranked by score then by issue id, the same every time`, () => {
  const same = ['e', 'b', 'd', 'a', 'c'].map((id) => ({ id, title: 'Bulk edit of product prices', description: null, comments: [] }));
  const index = buildIssueIndex([...same, { id: 'x', title: 'Bulk edit', description: null, comments: [] }]);
  const first = index.match('I need to bulk edit the prices of my products.');
  assert.deepEqual(first.map((m) => m.issueId), ['a', 'b', 'c']);
  assert.deepEqual(buildIssueIndex([...same].reverse()).match('I need to bulk edit the prices of my products.').map((m) => m.issueId), ['a', 'b', 'c'], 'the order the issues came in does not matter');
});

test('a huge description, empty and hostile texts do not break the index', () => {
  const junk = 'x'.repeat(100_000);
  const hostile = '\u0000\u0007\uFFFD<script>alert(1)</script> __proto__ constructor toString 🤖🤖 \u202Eevil\u202C ' + '-'.repeat(5_000) + ' ((((((( '.repeat(2_000);
  const index = buildIssueIndex([
    { id: 'huge', title: 'Sync with Salesforce', description: `Salesforce sync. ${'Words about the Salesforce integration and its field mapping. '.repeat(10_000)}`, comments: Array.from({ length: 500 }, () => junk) },
    { id: 'empty', title: '', description: '', comments: [''] },
    { id: 'hostile', title: hostile, description: hostile, comments: [hostile] },
    ...ISSUES,
  ]);
  assert.equal(index.size, 7);
  assert.deepEqual(index.match('').map((m) => m.issueId), []);
  assert.deepEqual(index.match('!!! ??? ...').map((m) => m.issueId), []);
  assert.doesNotThrow(() => index.match(hostile));
  assert.doesNotThrow(() => index.match(junk.repeat(10)));
  assert.ok(index.match('Our sales team needs the Salesforce sync.').some((m) => m.issueId === 'huge'), 'a long description still matches on its title');
  assert.deepEqual(index.match('SSO login with Okta').map((m) => m.issueId), ['sso']);
});

test('no issues: no matches', () => {
  assert.deepEqual(buildIssueIndex([]).match('SSO login with Okta'), []);
});
