/**
 * What demo conversations say: transcripts of calls, meetings, chats,
 * tickets and emails between people at the company and a customer, in
 * which the customer raises what real customers do (a feature they need, a
 * bug, a price concern, a competitor, praise) among greetings, context and
 * next steps. The demo only writes the words: which of them are insights,
 * of what type and sentiment, is what the pipeline makes of them.
 *
 * Each transcript is a pure function of the faker seeded for it, so the
 * same seed gives the same words.
 */
import type { Faker } from '@faker-js/faker';

export const INSIGHT_TYPES = ['feature_request', 'pain_point', 'bug', 'question', 'objection', 'pricing', 'churn_risk', 'competitor', 'praise'] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

/** Competitors the demo customers name; passed to the analyzer as the configured list. */
export const COMPETITORS = ['Gong', 'Chorus', 'Avoma', 'Fireflies', 'Clari'];
/** Features and product areas the conversations talk about; the demo's tracker issues are about the same things. */
export const FEATURES = ['SSO with Okta', 'a Salesforce sync', 'bulk export to CSV', 'an audit log', 'custom dashboards', 'Slack alerts', 'a mobile app', 'role-based permissions', 'an API for reporting', 'two-factor login', 'a HubSpot integration', 'scheduled reports'];
export const AREAS = ['the billing page', 'the import screen', 'search', 'the reports tab', 'notifications', 'the calendar integration', 'user invites', 'the dashboard', 'the CSV export', 'the mobile app'];

const TEAMS = ['sales', 'support', 'finance', 'operations', 'marketing', 'customer success'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

type Fill = (f: Faker) => string;
const pick = <T>(f: Faker, items: readonly T[]): T => f.helpers.arrayElement(items);
const feature: Fill = (f) => pick(f, FEATURES);
const area: Fill = (f) => pick(f, AREAS);
const team: Fill = (f) => pick(f, TEAMS);

/** What a customer says when they raise something of each type. */
const STATEMENTS: Record<InsightType, readonly Fill[]> = {
  feature_request: [
    (f) => `We really need ${feature(f)}; without it our team keeps working around the product.`,
    (f) => `It would be great if you could add ${feature(f)}, the ${team(f)} team asks me about it every week.`,
    (f) => `Is ${feature(f)} on the roadmap? We would love to have it before the next rollout.`,
    (f) => `What we are missing is ${feature(f)}, that would save us hours every month.`,
    (f) => `Could you please support ${feature(f)}? Our IT department requires it.`,
  ],
  pain_point: [
    (f) => `Honestly ${area(f)} is slowing us down every single week.`,
    (f) => `The ${team(f)} team finds ${area(f)} really frustrating, it takes far too many clicks.`,
    (f) => `It is painful that ${area(f)} is so slow when we have more than a few hundred records.`,
    (f) => `We waste a lot of time in ${area(f)}, people keep asking me how to use it.`,
  ],
  bug: [
    (f) => `When we open ${area(f)} it shows an error and the data disappears until we reload.`,
    (f) => `Since the last update ${area(f)} crashes every time someone on the ${team(f)} team uses it.`,
    (f) => `${f.helpers.arrayElement(['Yesterday', 'This morning', `Last ${pick(f, WEEKDAYS)}`])} ${area(f)} was broken again, it just showed a blank page.`,
    (f) => `The numbers in ${area(f)} are wrong, it counts some deals twice.`,
  ],
  question: [
    (f) => `Can you explain how ${feature(f)} would work with our current setup?`,
    (f) => `How do we add more users to ${area(f)} without paying for another plan?`,
    (f) => `Do you know whether ${area(f)} works with our own domain?`,
    (f) => `Where can I find the settings for ${area(f)}?`,
  ],
  objection: [
    () => `I am not sure we can justify moving everyone over before the end of the quarter.`,
    (f) => `Our ${team(f)} lead is not convinced it is worth the effort of switching right now.`,
    () => `Security will not sign off until we have seen your compliance report.`,
    () => `To be honest the timing is difficult, we have two other projects going live.`,
  ],
  pricing: [
    (f) => `The price per seat is too high for us; we would need something closer to ${f.number.int({ min: 10, max: 40 })} dollars.`,
    () => `It is too expensive for a team of our size, can you offer a discount?`,
    (f) => `The renewal quote went up by ${f.number.int({ min: 10, max: 40 })} percent, that is hard to get through finance.`,
    () => `Paying for every viewer seat does not work for our budget.`,
  ],
  churn_risk: [
    () => `If this is not fixed soon we will have to look at other options when the contract renews.`,
    () => `Leadership is asking whether we should cancel at the end of the term.`,
    (f) => `We might not renew, the ${team(f)} team has mostly stopped using it.`,
    () => `Unless things improve we are going to cancel our subscription this year.`,
  ],
  competitor: [
    (f) => `${pick(f, COMPETITORS)} showed us something similar last week and it was cheaper.`,
    (f) => `We are also evaluating ${pick(f, COMPETITORS)}, their ${feature(f).replace(/^an? /, '')} looked better.`,
    (f) => `Our ${team(f)} team used ${pick(f, COMPETITORS)} before and they keep comparing it with you.`,
  ],
  praise: [
    (f) => `The new ${area(f).replace(/^the /, '')} is great, the whole team noticed the difference.`,
    (f) => `I love how fast ${area(f)} is now, thank you for that.`,
    (f) => `Your support team was fantastic last week, they solved our problem in an hour.`,
    (f) => `The ${team(f)} team really likes ${area(f)}, it works very well for us.`,
  ],
};

const GREETINGS: readonly Fill[] = [() => 'Thanks for making time today.', () => 'Hi, good to talk again.', () => 'Hello, thanks for joining.', (f) => `Happy ${pick(f, WEEKDAYS)}, thanks for jumping on.`];
const REPLIES_TO_GREETING: readonly Fill[] = [() => 'Hi, good to see you.', () => 'Thanks for having us.', () => 'Hello, yes, all good here.'];
const AGENDAS: readonly Fill[] = [
  (f) => `I wanted to check in on how the rollout to the ${team(f)} team is going.`,
  () => 'Before the renewal I would like to hear how things are going on your side.',
  (f) => `Last time we talked about ${area(f)}, how has that been?`,
  () => 'What would you like to cover today?',
];
const CONTEXT: readonly Fill[] = [
  (f) => `We have about ${f.number.int({ min: 5, max: 80 })} people using it now, mostly in ${team(f)}.`,
  (f) => `We rolled it out to the ${team(f)} team last month.`,
  () => 'Overall things are going fine.',
  (f) => `Most of our work happens in ${area(f)} and the reports.`,
];
const ACKNOWLEDGEMENTS: readonly Fill[] = [() => 'That makes sense, let me note that down.', () => 'Understood. I will share this with the product team.', () => 'Thanks, that is really helpful context.', () => 'Let me check with our engineers and come back to you.', () => 'Good to know, thank you for being candid.'];
const FOLLOW_UPS: readonly Fill[] = [() => 'How many people on your side are affected?', () => 'When did you first notice this?', () => 'Is this blocking anything right now?', () => 'Who else should join the next call?', () => 'Can you send me a screenshot of what you see?'];
const ANSWERS: readonly Fill[] = [(f) => `About ${f.number.int({ min: 3, max: 40 })} people in ${team(f)}.`, () => 'It started a couple of weeks ago.', () => 'Not blocking, just something we noticed.', () => 'Our operations lead, ideally.', () => 'Sure, I will send it after the call.'];
const CLOSINGS: readonly Fill[] = [() => 'Great, I will follow up by email with next steps.', (f) => `Thanks, let us talk again ${pick(f, WEEKDAYS)}.`, () => 'I will send a summary and the recording after this call.'];
const GOODBYES: readonly Fill[] = [() => 'Thanks, talk soon.', () => 'Sounds good, bye.', () => 'Perfect, thank you.'];
const SUPPORT_OPENERS: readonly Fill[] = [() => 'Thanks for contacting support, how can I help?', () => 'Hi, this is support, what can I do for you?'];

export interface Line {
  readonly speaker: 'company' | 'customer' | 'colleague';
  readonly text: string;
}

const say = (speaker: Line['speaker'], f: Faker, fills: readonly Fill[]): Line => ({ speaker, text: pick(f, fills)(f) });

/**
 * A transcript of a conversation in which the customer raises `type` (and sometimes something else too). `full` is a
 * whole conversation; otherwise the exchange that matters: what the customer said and the answer.
 */
export function transcript(f: Faker, kind: string, type: InsightType, full: boolean, withColleague: boolean): Line[] {
  const raise = (t: InsightType): Line => say('customer', f, STATEMENTS[t]);
  if (!full) return [raise(type), say('company', f, ACKNOWLEDGEMENTS)];
  const second = f.number.float() < 0.4 ? raise(pick(f, INSIGHT_TYPES)) : undefined;
  if (kind === 'email') return [raise(type), ...(second ? [second] : []), say('company', f, ACKNOWLEDGEMENTS), say('company', f, CLOSINGS)];
  if (kind === 'chat' || kind === 'ticket') {
    return [say('company', f, SUPPORT_OPENERS), raise(type), say('company', f, FOLLOW_UPS), say('customer', f, ANSWERS), say('company', f, ACKNOWLEDGEMENTS), ...(second ? [second, say('company', f, ACKNOWLEDGEMENTS)] : []), say('customer', f, GOODBYES)];
  }
  return [
    say('company', f, GREETINGS),
    say('customer', f, REPLIES_TO_GREETING),
    say('company', f, AGENDAS),
    say('customer', f, CONTEXT),
    raise(type),
    say('company', f, ACKNOWLEDGEMENTS),
    say('company', f, FOLLOW_UPS),
    say(withColleague ? 'colleague' : 'customer', f, ANSWERS),
    ...(second ? [second, say('company', f, ACKNOWLEDGEMENTS)] : []),
    say('company', f, CLOSINGS),
    say('customer', f, GOODBYES),
  ];
}

/** A tracker issue about something the customers raise: its title. */
export function issueTitle(f: Faker): string {
  return pick(f, [
    () => `Support ${feature(f).replace(/^an? /, '')}`,
    () => `${area(f).replace(/^the /, '').replace(/^./, (c) => c.toUpperCase())} is slow with large accounts`,
    () => `Error in ${area(f)} after reload`,
    () => `${area(f).replace(/^the /, '').replace(/^./, (c) => c.toUpperCase())} crashes since the last update`,
    () => `Add ${feature(f).replace(/^an? /, '')}`,
    () => `Wrong totals in ${area(f)}`,
  ])();
}
