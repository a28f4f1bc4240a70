/**
 * What demo conversations say: short exchanges between a customer and
 * someone at the company, in which the customer raises something a real
 * customer would (a feature they need, a bug, a price concern, a competitor).
 * The customer's key line becomes the conversation's insight, so insights,
 * fragments and topics agree with each other.
 */
import type { Faker } from '@faker-js/faker';

export const INSIGHT_TYPES = ['feature_request', 'pain_point', 'bug', 'question', 'objection', 'pricing', 'churn_risk', 'competitor', 'praise'] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

const FEATURES = ['SSO with Okta', 'a Salesforce sync', 'bulk export to CSV', 'an audit log', 'custom dashboards', 'Slack alerts', 'a mobile app', 'role-based permissions', 'an API for reporting', 'two-factor login'];
const AREAS = ['the billing page', 'the import screen', 'search', 'the reports tab', 'notifications', 'the calendar integration', 'user invites', 'the dashboard'];
const COMPETITORS = ['Gong', 'Chorus', 'Avoma', 'Fireflies', 'Clari'];

const KEY_LINES: Record<InsightType, (f: Faker) => string> = {
  feature_request: (f) => `We really need ${f.helpers.arrayElement(FEATURES)}; without it our team keeps working around the product.`,
  pain_point: (f) => `Honestly ${f.helpers.arrayElement(AREAS)} is slowing us down every single week.`,
  bug: (f) => `When we open ${f.helpers.arrayElement(AREAS)} it shows an error and the data disappears until we reload.`,
  question: (f) => `Can you explain how ${f.helpers.arrayElement(FEATURES)} would work with our current setup?`,
  objection: () => `I am not sure we can justify moving everyone over before the end of the quarter.`,
  pricing: (f) => `The price per seat is too high for us; we would need something closer to ${f.number.int({ min: 10, max: 40 })} dollars.`,
  churn_risk: () => `If this is not fixed soon we will have to look at other options when the contract renews.`,
  competitor: (f) => `${f.helpers.arrayElement(COMPETITORS)} showed us something similar last week and it was cheaper.`,
  praise: (f) => `The new ${f.helpers.arrayElement(AREAS)} is great, the whole team noticed the difference.`,
};

const OPENERS = ['Thanks for making time today.', 'Hi, good to talk again.', 'Thanks for reaching out to support.', 'Hello, how can I help?'];
const REPLIES = ['That makes sense, let me note that down.', 'Understood. I will share this with the product team.', 'Thanks, that is really helpful context.', 'Let me check with our engineers and come back to you.'];
const FOLLOW_UPS = ['How many people on your side are affected?', 'When did you first notice this?', 'Is this blocking anything right now?', 'Who else should join the next call?'];
const ANSWERS = ['About twenty people in sales and support.', 'It started after the last update.', 'Not blocking, but it is frustrating.', 'Our operations lead would want to be there.'];

export interface Line {
  readonly speaker: 'company' | 'customer';
  readonly text: string;
}

/** A conversation's lines, and which one carries the insight. */
export function script(f: Faker, type: InsightType): { lines: Line[]; keyLine: number } {
  const lines: Line[] = [
    { speaker: 'company', text: f.helpers.arrayElement(OPENERS) },
    { speaker: 'customer', text: KEY_LINES[type](f) },
    { speaker: 'company', text: f.helpers.arrayElement(REPLIES) },
    { speaker: 'company', text: f.helpers.arrayElement(FOLLOW_UPS) },
    { speaker: 'customer', text: f.helpers.arrayElement(ANSWERS) },
    { speaker: 'company', text: 'Great, I will follow up by email with next steps.' },
  ];
  return { lines, keyLine: 1 };
}

export function summaryFor(type: InsightType, company: string): string {
  const what: Record<InsightType, string> = {
    feature_request: 'asked for a missing feature',
    pain_point: 'described a recurring pain point',
    bug: 'reported a bug',
    question: 'asked how a feature works',
    objection: 'raised an objection about timing',
    pricing: 'pushed back on pricing',
    churn_risk: 'signalled a churn risk',
    competitor: 'compared us with a competitor',
    praise: 'praised a recent change',
  };
  return `${company} ${what[type]}.`;
}

/** The key line of a type, for the insight's text (the customer's words). */
export function keyLine(f: Faker, type: InsightType): string {
  return KEY_LINES[type](f);
}
