/** Errors of the hub's identity context: API clients, tokens, sign-in, pages. */
import { defineError } from '../../platform/errors/app-error.ts';

export const IdentityErrors = {
  IDENTITY_INVALID_REDIRECT_URI: defineError('IDENTITY_INVALID_REDIRECT_URI', 400, 'Redirect URL %s is not allowed: %s'),
  IDENTITY_CLIENT_NOT_FOUND: defineError('IDENTITY_CLIENT_NOT_FOUND', 404, 'No OAuth client %s in this workspace'),
  IDENTITY_INVALID_SCOPE: defineError('IDENTITY_INVALID_SCOPE', 400, 'Unknown scope %s; known scopes: %s'),
  IDENTITY_INVALID_EXPIRY: defineError('IDENTITY_INVALID_EXPIRY', 400, 'The expiry must be a future date, got %s'),
  IDENTITY_CONNECTION_NOT_FOUND: defineError('IDENTITY_CONNECTION_NOT_FOUND', 404, 'No connected application %s that you can revoke in this workspace'),
  IDENTITY_TOKEN_NOT_FOUND: defineError('IDENTITY_TOKEN_NOT_FOUND', 404, 'No personal access token %s in this workspace'),
  IDENTITY_INVALID_TOKEN: defineError('IDENTITY_INVALID_TOKEN', 401, 'The access token is missing, malformed, expired or revoked'),
  IDENTITY_TOKEN_IN_QUERY: defineError('IDENTITY_TOKEN_IN_QUERY', 401, 'Access tokens are accepted only in the Authorization header, never in the URL'),
  IDENTITY_INSUFFICIENT_SCOPE: defineError('IDENTITY_INSUFFICIENT_SCOPE', 403, 'The access token lacks the %s scope'),
  IDENTITY_LOGIN_FAILED: defineError('IDENTITY_LOGIN_FAILED', 401, 'The email or password is wrong'),
  IDENTITY_TOO_MANY_ATTEMPTS: defineError('IDENTITY_TOO_MANY_ATTEMPTS', 429, 'Too many failed sign-ins for this email; try again in %s minutes'),
  IDENTITY_NOT_A_MEMBER: defineError('IDENTITY_NOT_A_MEMBER', 403, 'You are not a member of this workspace'),
  IDENTITY_ADMIN_ONLY: defineError('IDENTITY_ADMIN_ONLY', 403, 'Only an admin of this workspace can do this'),
  IDENTITY_CSRF: defineError('IDENTITY_CSRF', 403, 'The form expired or did not come from this site; reload the page and try again'),
  IDENTITY_INTERACTION_EXPIRED: defineError('IDENTITY_INTERACTION_EXPIRED', 400, 'This authorization step expired or was opened in another browser; go back to the application and connect again'),
  IDENTITY_SETUP_DONE: defineError('IDENTITY_SETUP_DONE', 409, 'A workspace already exists; sign in instead'),
} as const;
