/**
 * `cc enable|credentials create|credentials list|credentials revoke|demo`: a
 * workspace's contact center (docs/contact-center.md), through the same
 * functions as its Settings page.
 */
import { createCredential, listCredentials, revokeCredential } from '../../contact-center/centers/api-credentials.ts';
import { campaignViews, CAMPAIGN_MODES, createCampaign, setCampaignStatus } from '../../contact-center/campaigns/campaigns.ts';
import type { CampaignMode } from '../../contact-center/campaigns/campaign-tables.ts';
import { enableCenter } from '../../contact-center/centers/centers.ts';
import { ccDb } from '../../contact-center/db/cc-database.ts';
import { seedDemoCenter } from '../../contact-center/demo/demo-center.ts';
import { setAgentPassword } from '../../contact-center/web/web-sessions.ts';
import { requiredString, type Command } from '../command.ts';
import { withDatabase } from '../with-database.ts';

const tenantOption = { type: 'string', required: true, description: 'Workspace id (see `tenant list`).' } as const;

export const ccEnable: Command = {
  name: 'cc enable',
  summary: 'Give a workspace its contact center at a subdomain (the Apps API username); prints {tenant_id, subdomain}.',
  options: { tenant: tenantOption, subdomain: { type: 'string', required: true, description: 'Lowercase letters, digits and inner hyphens, such as acme.' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const center = await enableCenter(ccDb(db), { tenantId: requiredString(options, 'tenant'), subdomain: requiredString(options, 'subdomain') });
      return { tenant_id: center.tenantId, subdomain: center.subdomain };
    }),
};

export const ccCredentialsCreate: Command = {
  name: 'cc credentials create',
  summary: 'Create an Apps API credential; prints {id, subdomain, token}: the Basic-auth username and password. The token is shown only this once.',
  options: { tenant: tenantOption, name: { type: 'string', description: 'What the credential is for (default "API credential").' } },
  run: (options, config) =>
    withDatabase(config, (db) => createCredential(ccDb(db), requiredString(options, 'tenant'), typeof options.name === 'string' ? options.name : undefined)),
};

export const ccCredentialsList: Command = {
  name: 'cc credentials list',
  summary: 'List a contact center\'s live Apps API credentials (never their tokens).',
  options: { tenant: tenantOption },
  run: (options, config) =>
    withDatabase(config, async (db) => ({ credentials: await listCredentials(ccDb(db), requiredString(options, 'tenant')) })),
};

export const ccCredentialsRevoke: Command = {
  name: 'cc credentials revoke',
  summary: 'Revoke an Apps API credential: its token is refused from the next request.',
  options: { tenant: tenantOption, id: { type: 'string', required: true, description: 'Credential id (see `cc credentials list`).' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      await revokeCredential(ccDb(db), requiredString(options, 'tenant'), requiredString(options, 'id'));
      return { revoked: requiredString(options, 'id') };
    }),
};

export const ccDemo: Command = {
  name: 'cc demo',
  summary: 'Seed a working contact center (menus open around the clock, SMS, agents Available); enables the center first if needed. Prints {subdomain, menus, agents}.',
  options: { tenant: tenantOption, subdomain: { type: 'string', description: 'Subdomain when the center is not enabled yet (default: from the workspace name).' } },
  run: (options, config) =>
    withDatabase(config, (db) => seedDemoCenter(ccDb(db), requiredString(options, 'tenant'), typeof options.subdomain === 'string' ? { subdomain: options.subdomain } : {})),
};

export const ccAgentPassword: Command = {
  name: 'cc agent password',
  summary: 'Set the password an agent signs in to the contact center\'s pages with (its console, and Settings for Admins). Prints {agent_id}.',
  options: {
    tenant: tenantOption,
    email: { type: 'string', required: true, description: 'The agent\'s email.' },
    password: { type: 'string', required: true, description: 'At least 10 characters.' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const { agentId } = await setAgentPassword(ccDb(db), requiredString(options, 'tenant'), requiredString(options, 'email'), requiredString(options, 'password'));
      return { agent_id: agentId };
    }),
};

export const ccCampaignCreate: Command = {
  name: 'cc campaign create',
  summary: 'Create an outbound dialer campaign (paused) whose calls go to the agents of a menu; prints the campaign object.',
  options: {
    tenant: tenantOption,
    name: { type: 'string', required: true, description: 'Unique within the center.' },
    mode: { type: 'string', required: true, description: `One of ${CAMPAIGN_MODES.join(', ')}.` },
    menu: { type: 'string', required: true, description: 'Id of the menu (queue) whose agents take the calls.' },
    'outbound-number': { type: 'string', description: 'E.164 number the calls come from (default: the center\'s default number).' },
  },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const cc = ccDb(db);
      const tenantId = requiredString(options, 'tenant');
      const row = await createCampaign(cc, tenantId, {
        name: requiredString(options, 'name'),
        mode: requiredString(options, 'mode') as CampaignMode,
        menuId: requiredString(options, 'menu'),
        outboundNumber: typeof options['outbound-number'] === 'string' ? options['outbound-number'] : null,
      });
      return (await campaignViews(cc, tenantId, [row]))[0];
    }),
};

const campaignStatusCommand = (verb: 'start' | 'pause', status: 'running' | 'paused'): Command => ({
  name: `cc campaign ${verb}`,
  summary: verb === 'start' ? 'Start dialing a campaign\'s contacts; prints the campaign object.' : 'Stop dialing new contacts of a campaign (calls under way go on); prints the campaign object.',
  options: { tenant: tenantOption, id: { type: 'string', required: true, description: 'Campaign id (GET /apps/api/v1/outbound_dialer/campaigns).' } },
  run: (options, config) =>
    withDatabase(config, async (db) => {
      const cc = ccDb(db);
      const tenantId = requiredString(options, 'tenant');
      const row = await setCampaignStatus(cc, tenantId, requiredString(options, 'id'), status, config);
      return (await campaignViews(cc, tenantId, [row]))[0];
    }),
});

export const CC_COMMANDS: readonly Command[] = [
  ccEnable,
  ccCredentialsCreate,
  ccCredentialsList,
  ccCredentialsRevoke,
  ccDemo,
  ccAgentPassword,
  ccCampaignCreate,
  campaignStatusCommand('start', 'running'),
  campaignStatusCommand('pause', 'paused'),
];
