/** Errors of chat media and their uploads (docs/contact-center.md, "Media uploads"). */
import { defineError } from '../../../platform/errors/app-error.ts';

export const MediaErrors = {
  CC_MEDIA_PATHS_INVALID: defineError('CC_MEDIA_PATHS_INVALID', 400, '%s must be 1 to %s objects such as {"s3_path": "<the key of an upload>"}'),
  CC_MEDIA_NOT_UPLOADED: defineError('CC_MEDIA_NOT_UPLOADED', 400, 's3_path %s has not been uploaded, or its upload slot expired'),
  CC_MEDIA_WRONG_KIND: defineError('CC_MEDIA_WRONG_KIND', 400, 's3_path %s is an upload slot for a %s'),
  CC_MEDIA_SLOTS_EXHAUSTED: defineError('CC_MEDIA_SLOTS_EXHAUSTED', 429, 'This center has %s upload slots waiting for their files, the most it may; upload to them or let them expire (15 minutes)'),
  CC_MEDIA_CHAT_FULL: defineError('CC_MEDIA_CHAT_FULL', 409, 'A chat holds at most %s photos and videos'),
  CC_MEDIA_CENTER_FULL: defineError('CC_MEDIA_CENTER_FULL', 409, 'A center holds at most %s photos and videos'),
  CC_UPLOAD_NOT_MULTIPART: defineError('CC_UPLOAD_NOT_MULTIPART', 415, 'An upload is a multipart/form-data POST of the fields key, policy and signature, then the file'),
  CC_UPLOAD_FIELDS_MISSING: defineError('CC_UPLOAD_FIELDS_MISSING', 400, 'The fields key, policy and signature must come before the file'),
  CC_UPLOAD_SIGNATURE: defineError('CC_UPLOAD_SIGNATURE', 403, 'The upload policy or its signature is not valid'),
  CC_UPLOAD_EXPIRED: defineError('CC_UPLOAD_EXPIRED', 403, 'The upload policy has expired; ask for a new upload URL'),
  CC_UPLOAD_DONE: defineError('CC_UPLOAD_DONE', 409, 'This key has already been uploaded'),
  CC_UPLOAD_TYPE: defineError('CC_UPLOAD_TYPE', 400, 'The file must be %s, got %s'),
  CC_UPLOAD_TOO_LARGE: defineError('CC_UPLOAD_TOO_LARGE', 413, 'The file is larger than the %s bytes this upload allows'),
  CC_UPLOAD_NO_FILE: defineError('CC_UPLOAD_NO_FILE', 400, 'The form has no file'),
} as const;
