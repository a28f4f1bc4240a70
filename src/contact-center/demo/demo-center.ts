/**
 * A working center at once (`commontime cc demo`, `npm start -- --demo`):
 * menus of each type, open around the clock, with agents "Available" and
 * simulated, teams, locations, outbound numbers with SMS, CRM tickets and
 * end users. Seeding an already seeded center changes nothing and reports it.
 */
import type { CcDb } from '../db/cc-database.ts';
import { enableCenter } from '../centers/centers.ts';
import { seedDemoCampaign } from '../campaigns/demo-campaign.ts';
import { isLeaf, isOpen, loadMenus } from '../directory/menus.ts';
import type { MenuType } from '../db/core-tables.ts';

interface DemoMenu {
  readonly name: string;
  readonly menu_type: MenuType;
  readonly children?: readonly DemoMenu[];
}

const MENUS: readonly DemoMenu[] = [
  { name: 'Phone', menu_type: 'ivr_menu', children: [{ name: 'Support', menu_type: 'ivr_menu' }, { name: 'Sales', menu_type: 'ivr_menu' }, { name: 'Billing', menu_type: 'ivr_menu' }] },
  { name: 'App', menu_type: 'mobile_menu', children: [{ name: 'App Support', menu_type: 'mobile_menu' }] },
  { name: 'Web', menu_type: 'web_menu', children: [{ name: 'Web Chat', menu_type: 'web_menu' }, { name: 'Web Callback', menu_type: 'web_menu' }] },
];

const AGENTS = [
  { first_name: 'Maya', last_name: 'Okafor', team: 'Support', location: 'Remote', status: 'Available' },
  { first_name: 'Liam', last_name: 'Brennan', team: 'Support', location: 'HQ', status: 'Available' },
  { first_name: 'Sofia', last_name: 'Marchetti', team: 'Sales', location: 'HQ', status: 'Available' },
  { first_name: 'Kenji', last_name: 'Watanabe', team: 'Sales', location: 'Remote', status: 'Break' },
] as const;

export interface DemoCenter {
  readonly subdomain: string;
  readonly menus: readonly { id: number; name: string; menu_type: MenuType; lang: string; leaf: boolean; open: boolean }[];
  readonly agents: readonly { id: number; email: string; status: string }[];
}

/** A subdomain from the workspace's name: "Acme Corp" → "acme-corp". */
export function subdomainFor(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug || 'center';
}

export async function seedDemoCenter(db: CcDb, tenantId: string, options: { subdomain?: string } = {}): Promise<DemoCenter> {
  let center = await db.selectFrom('cc_centers').select('subdomain').where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!center) {
    const tenant = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
    center = await enableCenter(db, { tenantId, subdomain: options.subdomain ?? subdomainFor(tenant?.name ?? '') });
  }
  await db.transaction().execute(async (trx) => {
    const seeded = await trx.selectFrom('cc_menus').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
    if (seeded) return;
    const domain = `${center.subdomain}.example.com`;
    const insertMenus = async (menus: readonly DemoMenu[], parentId: string | null) => {
      for (const [position, menu] of menus.entries()) {
        const row = await trx
          .insertInto('cc_menus')
          .values({ tenant_id: tenantId, parent_id: parentId, name: menu.name, position, menu_type: menu.menu_type, languages: ['en', 'es'], output_msg: `Thanks for contacting ${menu.name}.`, outbound_numbers: ['+16285550199'] })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (menu.children) await insertMenus(menu.children, row.id);
      }
    };
    await insertMenus(MENUS, null);
    const teams = await trx.insertInto('cc_teams').values([{ tenant_id: tenantId, name: 'Support' }, { tenant_id: tenantId, name: 'Sales' }]).returning(['id', 'name']).execute();
    await trx.insertInto('cc_locations').values([{ tenant_id: tenantId, name: 'HQ' }, { tenant_id: tenantId, name: 'Remote' }]).execute();
    for (const [i, agent] of AGENTS.entries()) {
      const row = await trx
        .insertInto('cc_agents')
        .values({
          tenant_id: tenantId,
          email: `${agent.first_name.toLowerCase()}@${domain}`,
          first_name: agent.first_name,
          last_name: agent.last_name,
          agent_number: String(1001 + i),
          location: agent.location,
          max_chat_limit: 3,
          max_chat_limit_enabled: true,
          roles: i === 0 ? ['Admin', 'Manager', 'Agent'] : ['Agent'],
          status: agent.status,
          online: true,
          last_login_at: new Date(),
          last_login_ip: `10.0.0.${11 + i}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('cc_agent_teams').values({ tenant_id: tenantId, team_id: teams.find((t) => t.name === agent.team)!.id, agent_id: row.id }).execute();
    }
    await trx
      .insertInto('cc_phone_numbers')
      .values([
        { tenant_id: tenantId, number: '+16285550199', is_default: true, sms_enabled: true },
        { tenant_id: tenantId, number: '+17608675309', is_default: false, sms_enabled: true },
      ])
      .execute();
    const endUser = await trx
      .insertInto('cc_end_users')
      .values({ tenant_id: tenantId, identifier: 'demo-customer-1', name: 'Jordan Reyes', email: 'jordan.reyes@example.org', phone: '+14155550100' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Queue settings to export (docs/contact-center.md, "Queue settings"): chat shortcuts, a global contact list.
    const webChat = await trx.selectFrom('cc_menus').select('id').where('tenant_id', '=', tenantId).where('name', '=', 'Web Chat').executeTakeFirstOrThrow();
    await trx
      .insertInto('cc_chat_shortcuts')
      .values([
        { tenant_id: tenantId, menu_id: webChat.id, title: 'Greeting', text: 'Hi! Thanks for reaching out. How can I help today?' },
        { tenant_id: tenantId, menu_id: null, title: 'Closing', text: 'Is there anything else I can help you with?' },
      ])
      .execute();
    const globalList = await trx.insertInto('cc_contact_lists').values({ tenant_id: tenantId, name: 'Global', kind: 'global' }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('cc_contacts').values({ tenant_id: tenantId, contact_list_id: globalList.id, name: 'Front desk', phone_number: '+16285550100', email: `frontdesk@${domain}` }).execute();
    await trx
      .insertInto('cc_tickets')
      .values({ tenant_id: tenantId, id: '76517', subject: 'Card declined at checkout', end_user_id: endUser.id, phone: '+18596579625', email: 'jordan.reyes@example.org', name: 'Jordan Reyes' })
      .execute();
  });
  await seedDemoCampaign(db, tenantId);
  const tree = await loadMenus(db, tenantId);
  const agents = await db.selectFrom('cc_agents').select(['id', 'email', 'status']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  return {
    subdomain: center.subdomain,
    menus: [...tree.byId.values()]
      .filter((menu) => !menu.deleted)
      .map((menu) => ({ id: Number(menu.id), name: menu.name, menu_type: menu.menu_type, lang: menu.languages[0] ?? 'en', leaf: isLeaf(tree, menu), open: isOpen(menu) })),
    agents: agents.map((agent) => ({ id: Number(agent.id), email: agent.email, status: agent.status })),
  };
}
