import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzerInput, AnalyzerParticipant, ConversationAnalysis } from '../analyzer.ts';
import { localAnalyzer } from './local-analyzer.ts';

const CUSTOMER: AnalyzerParticipant = { key: 'c1', name: 'Dana Customer', role: 'customer' };
const AGENT: AnalyzerParticipant = { key: 'a1', name: 'Sam Agent', role: 'agent' };
const OPTIONS = { competitors: ['Zendesk', 'Freshdesk', 'Help Scout'] };

function conversation(lines: readonly [AnalyzerParticipant | null, string][], language: string | null = null): AnalyzerInput {
  return {
    title: 'Support call',
    type: 'call',
    language,
    participants: [CUSTOMER, AGENT],
    fragments: lines.map(([who, text], position) => ({ position, participantKey: who?.key ?? null, text })),
  };
}

async function analyze(lines: readonly [AnalyzerParticipant | null, string][], competitors = OPTIONS.competitors): Promise<ConversationAnalysis> {
  return localAnalyzer.analyze(conversation(lines), { competitors });
}

async function typesOf(text: string): Promise<string[]> {
  return (await analyze([[CUSTOMER, text]])).insights.map((i) => i.type);
}

test('a customer asking for a capability is a feature request, in their own words', async () => {
  const result = await analyze([[AGENT, 'How can I help?'], [CUSTOMER, 'Hi Sam. We need SSO with Okta before we can roll this out to everyone.']]);
  assert.equal(result.insights.length, 1);
  const [insight] = result.insights;
  assert.equal(insight?.type, 'feature_request');
  assert.equal(insight?.position, 1);
  assert.equal(insight?.text, 'We need SSO with Okta before we can roll this out to everyone.');
  assert.ok(result.fragments[1] && insight && 'Hi Sam. We need SSO with Okta before we can roll this out to everyone.'.includes(insight.text));
});

test('announcing a cancellation is a churn risk and outranks a question in importance', async () => {
  const result = await analyze([[CUSTOMER, "I'm going to cancel our subscription at the end of the month."], [CUSTOMER, 'Where do I change the email address of our admin?']]);
  assert.deepEqual(result.insights.map((i) => i.type), ['churn_risk', 'question']);
  const [churn, question] = result.insights;
  assert.ok(churn && question && churn.importance > question.importance, `${churn?.importance} > ${question?.importance}`);
  assert.ok(churn && churn.sentiment < 0);
});

test('negation: "not broken" is no bug and is not negative, "not going to cancel" is no churn risk', async () => {
  const broken = await analyze([[CUSTOMER, "It's broken."], [CUSTOMER, "It's not broken."]]);
  assert.deepEqual(broken.insights.map((i) => [i.position, i.type]), [[0, 'bug']]);
  assert.ok((broken.fragments[0]?.sentiment ?? 0) < 0);
  assert.ok((broken.fragments[1]?.sentiment ?? -1) >= 0, `not broken scored ${broken.fragments[1]?.sentiment}`);
  assert.deepEqual(await typesOf("Don't worry, we're not going to cancel."), []);
});

test('business terms that general lexicons score neutral carry sentiment', async () => {
  const result = await analyze([
    [CUSTOMER, 'The app keeps crashing.'],
    [CUSTOMER, 'This is way too expensive.'],
    [CUSTOMER, 'It would be great if we could schedule reports.'],
    [CUSTOMER, 'Thanks, please send me the invoice.'],
  ]);
  const [crash, price, wish, courtesy] = result.fragments.map((f) => f.sentiment);
  assert.ok((crash ?? 0) < -0.3 && (price ?? 0) < -0.3, `crash ${crash}, price ${price}`);
  // A wish is a request, not praise; courtesy is not sentiment.
  assert.ok(Math.abs(wish ?? 1) < 0.2 && Math.abs(courtesy ?? 1) < 0.2, `wish ${wish}, courtesy ${courtesy}`);
});

test('a competitor counts only when it is on the configured list', async () => {
  assert.deepEqual(await typesOf("We're also evaluating Zendesk and help scout."), ['competitor']);
  assert.ok(!(await typesOf("We're also evaluating Acme Desk.")).includes('competitor'));
  const unlisted = await analyze([[CUSTOMER, "We're also evaluating Zendesk."]], []);
  assert.ok(!unlisted.insights.some((i) => i.type === 'competitor'));
  assert.ok(!(await typesOf('We imported our tickets from Zendeskers last year.')).includes('competitor'));
});

test('what the agent says is never an insight, nor agent phrasing from an unknown speaker', async () => {
  const result = await analyze([
    [AGENT, "I'm sorry the export keeps crashing; we need to escalate this."],
    [null, "Let me check that for you, I'll escalate it to our engineering team."],
    [null, 'The export keeps crashing since the update.'],
  ]);
  assert.deepEqual(result.insights.map((i) => [i.position, i.type]), [[2, 'bug']]);
});

test('every type the issue names is found in a typical customer sentence', async () => {
  const cases: [string, string][] = [
    ['Every time I open the dashboard I get a 500 error.', 'bug'],
    ['Exporting takes forever and I have to redo the filters every single time.', 'pain_point'],
    ['How do I add a second admin to our workspace?', 'question'],
    ['Our legal team has concerns about data residency.', 'objection'],
    ['How much does the enterprise plan cost per seat?', 'pricing'],
    ['Honestly the new inbox is fantastic, it saved my team hours this week.', 'praise'],
  ];
  for (const [text, type] of cases) assert.deepEqual(await typesOf(text), [type], text);
});

test('questions that keep the conversation going are not insights', async () => {
  assert.deepEqual(await typesOf('Can you hear me?'), []);
  assert.deepEqual(await typesOf('Great, thanks!'), []);
});

test('non-English text gets its language and no English-lexicon insights', async () => {
  const result = await analyze([
    [CUSTOMER, 'Hola, quiero cancelar mi suscripción porque la aplicación no funciona y es demasiado cara.'],
    [AGENT, 'Lo siento mucho, ¿puede decirme su número de cliente, por favor?'],
  ]);
  assert.equal(result.language, 'es');
  assert.deepEqual(result.insights, []);
  assert.deepEqual(result.keywords, []);
  assert.equal(result.sentiment, null);
});

test('an English conversation is detected as English and gets a summary and keywords from its own text', async () => {
  const result = await analyze([
    [AGENT, 'Thanks for calling, how can I help?'],
    [CUSTOMER, 'Hi Sam. Our CSV export keeps failing for large reports since Monday.'],
    [AGENT, 'I see. Does the CSV export fail for every report?'],
    [CUSTOMER, 'Only the large reports. We send those reports to our finance team every week, so this is urgent.'],
    [CUSTOMER, 'It would also be great if the export could run on a schedule.'],
  ]);
  assert.equal(result.language, 'en');
  assert.ok(result.summary?.includes('Our CSV export keeps failing for large reports since Monday.'), String(result.summary));
  assert.ok(result.keywords.includes('reports') || result.keywords.includes('report'), result.keywords.join());
  assert.ok(result.keywords.some((k) => k.includes('export')), result.keywords.join());
  assert.ok(!result.keywords.includes('sam'), 'a participant name is no keyword');
  assert.ok((result.sentiment ?? 0) < 0);
});

test('empty, huge and binary-junk text does not throw', async () => {
  const junk = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  const huge = 'The export keeps crashing. '.repeat(4_000);
  const result = await analyze([[CUSTOMER, ''], [CUSTOMER, '   \n\t '], [CUSTOMER, junk], [CUSTOMER, huge], [null, '\u0000\u0001\u0002']]);
  assert.equal(result.fragments.length, 5);
  for (const insight of result.insights) assert.ok([junk, huge].some((t) => t.includes(insight.text)));
  const none = await localAnalyzer.analyze({ title: null, type: 'chat', language: null, participants: [], fragments: [] }, OPTIONS);
  assert.deepEqual(none, { analyzer: 'local', language: null, sentiment: null, summary: null, keywords: [], fragments: [], insights: [] });
});
