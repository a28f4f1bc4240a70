/**
 * What simulated agents and the virtual agent say: small libraries drawn from
 * with the center's seed (sim-random.ts), so a test with a fixed seed reads
 * the same conversation every run.
 */
import { pick } from '../simulation/sim-random.ts';

export const AGENT_GREETINGS = [
  'Hi, thanks for reaching out! How can I help you today?',
  'Hello! I have your chat here; what can I do for you?',
  'Good to meet you. Tell me what is going on and I will take a look.',
] as const;

export const AGENT_REPLIES = [
  'Thanks, let me check that for you.',
  'I see. Could you tell me a little more about when this started?',
  'Got it. I am looking at your account now.',
  'That makes sense. One moment while I confirm the details.',
  'I have updated that for you. Is there anything else I can help with?',
  'Sorry for the trouble. I have escalated this internally and you will get an email shortly.',
] as const;

export const AGENT_GOODBYES = [
  'Glad I could help. Have a great day!',
  'Thanks for chatting with us. Take care!',
] as const;

export const VIRTUAL_AGENT_REPLIES = [
  'I am the virtual assistant. I can answer most questions about orders, billing and accounts.',
  'Here is an article that may help: Managing your account settings.',
  'I did not quite get that. Could you rephrase it? You can also ask for a human agent.',
] as const;

export function agentLine(seed: string, chatId: string, turn: number, kind: 'greeting' | 'reply' | 'goodbye' | 'virtual'): string {
  const library = { greeting: AGENT_GREETINGS, reply: AGENT_REPLIES, goodbye: AGENT_GOODBYES, virtual: VIRTUAL_AGENT_REPLIES }[kind];
  return pick(seed, `chat:${chatId}:${kind}:${turn}`, library);
}
