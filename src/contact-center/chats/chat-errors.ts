/**
 * Errors of `/chats` (docs/contact-center.md, "Chats"). Where the public Apps
 * API documentation gives a message ("This chat is not in dismissed state",
 * "Chat is already ended", the menu and language messages of calls) it is
 * used word for word; the chat forms of the calls' menu messages say "chats".
 */
import { defineError } from '../../platform/errors/app-error.ts';

export const ChatErrors = {
  CC_CHAT_PARAM_MISSING: defineError('CC_CHAT_PARAM_MISSING', 400, 'param is missing or the value is empty: %s'),
  CC_CHAT_MENU_REQUIRED: defineError('CC_CHAT_MENU_REQUIRED', 400, 'menu_id is required'),
  CC_CHAT_MENU_MALFORMED: defineError('CC_CHAT_MENU_MALFORMED', 400, 'menu_id is not well formed'),
  CC_CHAT_MENU_NOT_FOUND: defineError('CC_CHAT_MENU_NOT_FOUND', 400, 'menu_id %s is not found'),
  CC_CHAT_MENU_TYPE: defineError('CC_CHAT_MENU_TYPE', 400, 'Only mobile and web menu IDs are permitted'),
  CC_CHAT_MENU_NOT_LEAF: defineError('CC_CHAT_MENU_NOT_LEAF', 400, 'menu_id %s has sub-menus; a chat starts in a menu without sub-menus'),
  CC_CHAT_LANG_UNAVAILABLE: defineError('CC_CHAT_LANG_UNAVAILABLE', 400, "Language '%s' is not available"),
  CC_CHAT_AFTER_HOURS: defineError('CC_CHAT_AFTER_HOURS', 400, "Menu is in 'after hours' state, can't accept chats"),
  CC_CHAT_MANUAL_REDIRECTION: defineError('CC_CHAT_MANUAL_REDIRECTION', 400, "Menu is in 'manual redirection' state, can't accept chats"),
  CC_CHAT_FIELD_INVALID: defineError('CC_CHAT_FIELD_INVALID', 400, '%s'),
  CC_CHAT_TRANSCRIPT_INVALID: defineError('CC_CHAT_TRANSCRIPT_INVALID', 400, 'transcript must be a list of at most %s entries such as {"sender": "end_user", "timestamp": "2024-01-01T10:00:00Z", "content": [{"type": "text", "text": "Hi"}]}: %s'),
  CC_CHAT_NOT_DISMISSED: defineError('CC_CHAT_NOT_DISMISSED', 400, 'This chat is not in dismissed state'),
  CC_CHAT_ENDED: defineError('CC_CHAT_ENDED', 400, 'Chat is already ended'),
  CC_CHAT_DISMISSED: defineError('CC_CHAT_DISMISSED', 400, 'This chat was dismissed for inactivity; resume it first (PATCH /chats/%s/resume)'),
  CC_CHAT_STATUS_INVALID: defineError('CC_CHAT_STATUS_INVALID', 400, 'chat.status must be "finished" or "deflected"'),
  CC_CHAT_DEFLECTION_INVALID: defineError('CC_CHAT_DEFLECTION_INVALID', 400, 'deflection_channel must be one of %s'),
  CC_CHAT_MESSAGE_INVALID: defineError('CC_CHAT_MESSAGE_INVALID', 400, 'message must be {"type": "text", "content": "..."} (at most %s characters) or {"type": "photo"|"video", "media_id": ...}'),
  CC_CHAT_SENDER_UNKNOWN: defineError('CC_CHAT_SENDER_UNKNOWN', 400, 'from_user_id %s is neither the chat\'s end user nor one of its agents'),
  CC_CHAT_MEDIA_UNKNOWN: defineError('CC_CHAT_MEDIA_UNKNOWN', 400, 'media_id %s is not a %s attached to this chat'),
  CC_CHAT_NOT_VIRTUAL: defineError('CC_CHAT_NOT_VIRTUAL', 400, 'Only a chat with a virtual agent (status va_assigned) can be escalated'),
  CC_CHAT_ESCALATION_SETTLED: defineError('CC_CHAT_ESCALATION_SETTLED', 400, 'This escalation is not waiting for a deflection channel'),
  CC_CHAT_LIST_QUERY: defineError('CC_CHAT_LIST_QUERY', 400, '%s'),
} as const;
