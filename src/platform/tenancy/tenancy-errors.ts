import { defineError } from '../errors/app-error.ts';

export const TenancyErrors = {
  TENANCY_EMAIL_TAKEN: defineError('TENANCY_EMAIL_TAKEN', 409, 'A user with email %s already exists'),
  TENANCY_INVITATION_NOT_FOUND: defineError('TENANCY_INVITATION_NOT_FOUND', 404, 'No open invitation to this workspace for you'),
  TENANCY_TOO_MANY_INVITATIONS: defineError('TENANCY_TOO_MANY_INVITATIONS', 409, 'A workspace holds at most %s open invitations; cancel some first'),
  TENANCY_INVALID_EMAIL: defineError('TENANCY_INVALID_EMAIL', 400, 'Not a valid email address: %s'),
  TENANCY_WEAK_PASSWORD: defineError('TENANCY_WEAK_PASSWORD', 400, 'The password must be at least %s characters long'),
  TENANCY_INVALID_NAME: defineError('TENANCY_INVALID_NAME', 400, '%s must be 1 to 200 characters'),
  TENANCY_INVALID_ROLE: defineError('TENANCY_INVALID_ROLE', 400, 'Role must be admin or member, got %s'),
  TENANCY_INVALID_PLAN: defineError('TENANCY_INVALID_PLAN', 400, 'Plan must be trial, sponsored or standard, got %s'),
  TENANCY_LAST_ADMIN: defineError('TENANCY_LAST_ADMIN', 409, 'The last admin of a workspace cannot be removed or made a member; make someone else admin first'),
  TENANCY_NOT_A_MEMBER: defineError('TENANCY_NOT_A_MEMBER', 404, '%s is not a member of this workspace'),
  TENANCY_TENANT_NOT_FOUND: defineError('TENANCY_TENANT_NOT_FOUND', 404, 'No tenant %s'),
  TENANCY_USER_NOT_FOUND: defineError('TENANCY_USER_NOT_FOUND', 404, 'No user with email %s'),
} as const;
