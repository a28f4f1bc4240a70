/** Sales calls: prospects and customers weighing price, plans and competitors. */
import { scenario } from './scenario.ts';

export const SALES_SCENARIOS = [
  scenario('cancellation-competitor', 'sales', `
A: Thanks for calling {company}, this is {agent}.
C: Hi, I'm {customer}. I want to cancel our subscription at the end of the month.
A: I'm sorry to hear that. May I ask what's behind the decision?
C: Honestly, Zendesk offered us a similar plan for thirty percent less, and your price went up in January.
A: I understand. Besides the price, is there anything that isn't working for you?
C: The reporting is slow, and we've waited months for the Salesforce integration.
A: Thanks for being candid. The Salesforce integration ships next month. And I can offer you twenty percent off for the next twelve months.
C: Twenty percent gets close. I'd need it in writing, and a date for the integration.
A: I'll send you the offer and the release date today. Would you hold off on cancelling until you've seen it?
C: Okay, I'll wait for your email. But if the integration slips, we're leaving.
A: Understood. Thank you for giving us the chance.`),
  scenario('pricing-objection', 'sales', `
A: Hi, this is {agent} from {company}. Thanks for taking the time.
C: Sure. I'm {customer}. We liked the trial, but the Business plan is more than we budgeted.
A: That's helpful to know. How many seats are you planning for?
C: About forty now, maybe sixty by the end of the year.
A: At forty seats, an annual plan brings the price down by fifteen percent compared with monthly billing.
C: That helps, but our finance team is comparing you with Freshdesk, and they're cheaper.
A: They are cheaper at the start. Our customers usually tell us the automation saves them a few hours per agent each week.
C: Can you show me that in numbers? I need to justify it.
A: Yes. I'll put together an ROI estimate for forty seats, and I can include a sixty-day price lock.
C: Okay, send that over and I'll take it to finance on Thursday.
A: Will do. Thanks, {customer}.`),
  scenario('upgrade-inquiry', 'sales', `
A: {company} sales, {agent} speaking.
C: Hi, this is {customer}. We're on the Starter plan and keep hitting the limit on automations. What does the next plan add?
A: Good question. The Professional plan removes the automation limit and adds custom reports and an API.
C: The API is what we really need. We want to push data into our warehouse.
A: The Professional plan includes the API with a thousand requests a minute, which is plenty for a nightly sync.
C: And if we upgrade mid-cycle, do we pay twice?
A: No, you're only charged the difference for the rest of the month.
C: Great. Can you upgrade us today?
A: I've sent the upgrade link to your email. Once you accept, the new limits apply immediately.
C: Perfect, thank you.`),
  scenario('new-prospect-demo', 'sales', `
A: Hi, this is {agent} with {company}. You requested a call about our platform?
C: Yes, I'm {customer}. We're a team of twelve handling customer support over email and phone, and it's getting messy.
A: Understood. What tools are you using today?
C: Shared inboxes and a spreadsheet. We lose track of who answered what.
A: That's very common. With us, every email and call becomes a ticket with an owner, and nothing falls through the cracks.
C: Does it work with our phone system? We use RingCentral.
A: Yes, there's a RingCentral integration; calls are logged on the ticket automatically.
C: Sounds promising. What's the next step?
A: I'd suggest a thirty-minute demo with your team lead. Does Tuesday afternoon work?
C: Tuesday at two works. Send me an invite.
A: Done. Looking forward to it.`),
  scenario('renewal-negotiation', 'sales', `
A: Hi {customer}, it's {agent} from {company}. I'm calling about your renewal next month.
C: Hi {agent}. Yes, we wanted to talk about that. Our usage dropped after the reorganization.
A: I noticed that. You have eighty seats and about fifty are active. Would you like to right-size the contract?
C: Yes, fifty-five seats would be more realistic. And we'd like a two-year term if the price is right.
A: For a two-year term at fifty-five seats, I can keep your current per-seat price instead of the new list price.
C: That's reasonable. Can we add the analytics module for the same price?
A: I can include analytics for the first year, then it's discounted by half in the second.
C: Let me check with procurement, but I think that works.
A: I'll send the proposal today. Thanks for your time.
C: Thanks, {agent}.`),
];
