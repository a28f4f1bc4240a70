/**
 * `/contact_lists` and `/contact_lists/:contact_list_id/contacts` (seed 003,
 * "Contact Lists"; the paths are inferred, docs/contact-center.md): custom
 * lists are created, renamed and deleted; entries of custom and global lists
 * are added, edited and deleted.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceContext } from '../../platform/http/service.ts';
import { ccDb } from '../db/cc-database.ts';
import { defaultRegion } from '../directory/phone-numbers.ts';
import { centerOf } from '../http/authenticate.ts';
import { objectBody, pathId } from '../http/inputs.ts';
import { readPage, sendPageHeaders } from '../http/page-query.ts';
import { NAME_CHARS, readContact, readContactChanges, rejectUnknown, requiredName } from './contact-input.ts';
import { addContact, createContactList, deleteContact, deleteContactList, findContactList, listContactLists, listContacts, renameContactList, updateContact } from './contact-lists.ts';

type ListParams = { Params: { id: string } };
type ContactParams = { Params: { contact_list_id: string; id?: string }; Querystring: Record<string, unknown> };

const BODY = { bodyLimit: 16 * 1024 };

function listName(body: unknown): string {
  const record = objectBody(body);
  rejectUnknown(record, ['name']);
  return requiredName(record.name, 'name', NAME_CHARS);
}

export const contactListsRoutes: FastifyPluginAsync<ServiceContext> = async (app, context) => {
  const db = ccDb(context.db);
  const region = defaultRegion(context.config.phoneDefaultRegion);

  app.get('/contact_lists', async (request) => listContactLists(db, centerOf(request).tenantId));
  app.post('/contact_lists', BODY, async (request) => createContactList(db, centerOf(request).tenantId, listName(request.body)));
  app.get<ListParams>('/contact_lists/:id', async (request) => findContactList(db, centerOf(request).tenantId, pathId(request.params.id)));
  app.patch<ListParams>('/contact_lists/:id', BODY, async (request) => {
    const id = pathId(request.params.id);
    return renameContactList(db, centerOf(request).tenantId, id, listName(request.body));
  });
  app.delete<ListParams>('/contact_lists/:id', async (request) => deleteContactList(db, centerOf(request).tenantId, pathId(request.params.id)));

  app.get<ContactParams>('/contact_lists/:contact_list_id/contacts', async (request, reply) => {
    const listId = pathId(request.params.contact_list_id);
    const page = readPage(request.query, { perPage: 100, maxPerPage: 1000 });
    const { contacts, total } = await listContacts(db, centerOf(request).tenantId, listId, page);
    sendPageHeaders(reply, page, total);
    return contacts;
  });
  app.post<ContactParams>('/contact_lists/:contact_list_id/contacts', BODY, async (request) => {
    const listId = pathId(request.params.contact_list_id);
    return addContact(db, centerOf(request).tenantId, listId, readContact(objectBody(request.body), region));
  });
  app.patch<ContactParams>('/contact_lists/:contact_list_id/contacts/:id', BODY, async (request) => {
    const listId = pathId(request.params.contact_list_id);
    const id = pathId(request.params.id);
    return updateContact(db, centerOf(request).tenantId, listId, id, readContactChanges(objectBody(request.body), region));
  });
  app.delete<ContactParams>('/contact_lists/:contact_list_id/contacts/:id', async (request) => {
    const listId = pathId(request.params.contact_list_id);
    return deleteContact(db, centerOf(request).tenantId, listId, pathId(request.params.id));
  });
};
