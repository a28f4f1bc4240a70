/** Errors of the agent console's actions, shown on the console page (docs/contact-center.md, "Agent console"). */
import { defineError } from '../../platform/errors/app-error.ts';

export const ConsoleErrors = {
  CC_CONSOLE_NOT_AVAILABLE: defineError('CC_CONSOLE_NOT_AVAILABLE', 409, 'Set your status to Available to take a call or chat (it is %s)'),
  CC_CONSOLE_NOTHING_WAITING: defineError('CC_CONSOLE_NOTHING_WAITING', 409, 'No call or chat is waiting in your queues'),
  CC_CONSOLE_BUSY: defineError('CC_CONSOLE_BUSY', 409, 'You cannot take what is waiting yet: end the call in hand, or a chat, first'),
  CC_CONSOLE_NOT_YOURS: defineError('CC_CONSOLE_NOT_YOURS', 404, 'That call or chat is not one of yours'),
  CC_CONSOLE_CALL_NOT_CONNECTED: defineError('CC_CONSOLE_CALL_NOT_CONNECTED', 409, 'The call is %s: only a connected call can be ended'),
  CC_CONSOLE_NOT_WRAPPING_UP: defineError('CC_CONSOLE_NOT_WRAPPING_UP', 409, 'You are not wrapping up a call'),
  CC_CONSOLE_REPLY: defineError('CC_CONSOLE_REPLY', 400, 'A reply is 1 to %s characters'),
  CC_CONSOLE_NUL: defineError('CC_CONSOLE_NUL', 400, 'Text cannot contain the NUL character (\\u0000)'),
  CC_CONSOLE_CHAT_NOT_STARTED: defineError('CC_CONSOLE_CHAT_NOT_STARTED', 409, 'The chat is %s: you can write once it is in progress'),
} as const;
