/** Support calls: problems customers phone about, each resolved, escalated or left open as real ones are. */
import { scenario } from './scenario.ts';

export const SUPPORT_SCENARIOS = [
  scenario('billing-dispute', 'support', `
A: Thanks for calling {company} support, this is {agent}. How can I help you today?
C: Hi {agent}, I'm {customer}. I was charged twice this month, two payments of forty-nine dollars on the third.
A: I'm sorry about that. Let me pull up your account. Can you confirm the email on the account?
C: It's the one I signed up with, the work address. And honestly this is the second time this year.
A: I see both charges. The second one came from a retry after your card was briefly declined, and it should have been voided.
C: So why wasn't it? I don't want to keep checking my statement every month.
A: That's fair. I've refunded the duplicate now; it takes three to five business days to show on your card.
C: Okay. Can you make sure it doesn't happen again?
A: I've flagged the account so billing reviews any retry before it charges. I'll also email you a confirmation of the refund.
C: Thanks. I appreciate you sorting it out quickly.
A: Of course. Is there anything else I can help with?
C: No, that's all. Thanks.`),
  scenario('sso-feature-request', 'support', `
A: {company} support, {agent} speaking.
C: Hi, this is {customer}, I'm the IT admin for our team. We need single sign-on with Okta before we can roll this out to everyone.
A: Thanks for asking. Today we support Google and Microsoft sign-in; SAML with Okta is on our roadmap.
C: Do you have a date? Our security review is next month and SSO is a hard requirement.
A: I can't promise a date, but I'll log your request with the product team and attach your security deadline.
C: Please do. We also need SCIM provisioning, so people are removed when they leave.
A: Noted, SAML SSO and SCIM provisioning. Would a call with our product manager help your review?
C: Yes, that would help a lot. Without it we'll have to look at other tools.
A: Understood. I'll set that up and send you an invite by tomorrow.
C: Great, thanks {agent}.`),
  scenario('outage-report', 'support', `
A: Thank you for calling {company}, this is {agent}.
C: Hi, it's {customer}. Your app has been down for us for about forty minutes. Nobody on my team can log in, we just get an error page.
A: I'm sorry. We're seeing an incident affecting logins in the US region right now, and the team is working on it.
C: This is really bad timing, we have customers waiting on us. Is there a workaround?
A: The mobile app is still working for most users, so your team can use it in the meantime.
C: Okay, I'll tell them. How long until it's fixed?
A: The latest update says a fix is being deployed. I can subscribe you to the status page so you get updates by email.
C: Yes please. And I'd like to know what happened afterwards.
A: We'll publish an incident report within two days, and I'll send it to you directly.
C: Alright. Thanks for being straight with me.`),
  scenario('bug-export-fails', 'support', `
A: {company} support, this is {agent}. How can I help?
C: Hi, I'm {customer}. Every time I export my report to CSV, the file comes out empty. It started after the last update.
A: Thanks for reporting it. Which browser are you using, and how many rows does the report have?
C: Chrome, and it's about twelve thousand rows. Smaller reports seem fine.
A: That helps. There's a known issue with large exports since Tuesday; exports over ten thousand rows time out.
C: Ugh. I need this for a board meeting on Friday.
A: As a workaround, you can filter the report by month and export each part. I'll also add you to the bug ticket.
C: Fine, I'll do that for now. Can you let me know when it's fixed?
A: Absolutely. You'll get an email when the fix is released. I'm sorry for the trouble.
C: Thanks.`),
  scenario('password-reset', 'support', `
A: Hi, you've reached {company}, this is {agent}.
C: Hi, this is {customer}. I'm locked out of my account, the reset email never arrives.
A: Let's fix that. Can you check your spam folder while I look at the account?
C: Already did, nothing there.
A: I see the reset emails were blocked by your company's mail filter. I can send the link by text message instead.
C: Yes, please send it to my mobile.
A: Done. The link is valid for fifteen minutes.
C: Got it, I'm in. Thank you!
A: Great. You may want to ask your IT team to allow our email domain so this doesn't happen again.
C: Will do. Thanks for the help.`),
  scenario('onboarding-question', 'support', `
A: {company} support, {agent} here. How can I help you today?
C: Hi, I'm {customer}, we just signed up last week and I'm setting things up. How do I import our existing contacts?
A: Welcome aboard! You can import a CSV from Settings, then Data, then Import. Do you have the file ready?
C: I have an export from our old system. Does it need specific columns?
A: The name and email columns are required; phone and company are optional. The importer lets you map columns.
C: And what about duplicates? Some people are in there twice.
A: The importer merges rows with the same email, so you'll end up with one contact each.
C: Perfect. Is there a guide I can share with my team?
A: Yes, I'll email you our onboarding guide and a link to book a free setup session.
C: That would be great. Thanks so much.`),
  scenario('praise-call', 'support', `
A: Thanks for calling {company}, this is {agent}.
C: Hi {agent}, I'm {customer}. I actually don't have a problem, I just wanted to say thank you.
A: Oh, that's nice to hear! What happened?
C: Your colleague helped me last week with our data migration and stayed on the line for over an hour. Everything worked.
A: I'm really glad it went well. I'll pass your thanks on to them and their manager.
C: Please do. The new reporting dashboard is also fantastic, my boss loves it.
A: That's wonderful. Is there anything we could do better?
C: Maybe a dark mode, but honestly we're very happy.
A: I'll add dark mode to the feedback list. Thanks for calling to tell us.
C: Have a great day.`),
  scenario('shipping-delay', 'support', `
A: {company} customer care, this is {agent}.
C: Hi, I'm {customer}. I ordered a replacement device ten days ago and it still hasn't arrived. The tracking hasn't changed in a week.
A: I'm sorry for the wait. Let me check the shipment.
C: I need it for work, my old one barely turns on.
A: The package is stuck at the carrier's depot after a scanning error. I'll send a new one today by express shipping at no cost.
C: Thank you. Will I have to return the first one if it shows up?
A: If it arrives, just refuse the delivery and it goes back automatically.
C: Okay, that's easy enough.
A: You'll get the new tracking number by email within the hour.
C: Thanks, I appreciate it.`),
];
