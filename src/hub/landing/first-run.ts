/** The one command that creates the first workspace, shown on `/` and in the log until a tenant exists. */
export const FIRST_WORKSPACE_COMMAND =
  'npx commontime tenant create --name "My Company" --admin-email you@example.com --admin-password "choose-a-long-password"';
