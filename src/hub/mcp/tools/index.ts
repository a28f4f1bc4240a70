/** Every tool of the MCP server, in the order tools/list gives them. */
import type { McpTool } from '../tool.ts';
import { getAccount, searchAccounts } from './accounts.ts';
import { getContact, searchContacts } from './contacts.ts';
import { getConversation, searchConversations } from './conversations.ts';
import { searchInsights } from './insights.ts';
import { queryOData } from './query-odata.ts';
import { getTopic, listTopics } from './topics.ts';

export const TOOLS: readonly McpTool[] = [searchConversations, getConversation, searchInsights, listTopics, getTopic, searchAccounts, getAccount, searchContacts, getContact, queryOData];
