/**
 * The composition root: which services a process serves and which background
 * tasks its workers run. Adding a service or a task is one line here.
 */
import type { ParsedCronItem, TaskList } from 'graphile-worker';
import { contactCenterService } from './contact-center/contact-center-service.ts';
import { ContactCenterErrors } from './contact-center/cc-errors.ts';
import { EndUserErrors } from './contact-center/end-users/end-users-errors.ts';
import { DncErrors } from './contact-center/dnc/dnc-errors.ts';
import { AgentStatusErrors } from './contact-center/agent-statuses/agent-status-errors.ts';
import { UsersErrors } from './contact-center/users/users-errors.ts';
import { BulkUserErrors } from './contact-center/bulk-users/bulk-user-errors.ts';
import { ConsoleErrors } from './contact-center/console/console-errors.ts';
import { ContactDataErrors } from './contact-center/crm/contact-data-errors.ts';
import { SessionDataErrors } from './contact-center/session-data/session-data-errors.ts';
import { CampaignErrors } from './contact-center/campaigns/campaign-errors.ts';
import { ContactListErrors } from './contact-center/contact-lists/contact-lists-errors.ts';
import { QueueSettingsErrors } from './contact-center/queue-settings/queue-settings-errors.ts';
import { CallErrors } from './contact-center/calls/call-errors.ts';
import { QueueStatusErrors } from './contact-center/queue-status/queue-errors.ts';
import { ChatErrors } from './contact-center/chats/chat-errors.ts';
import { MediaErrors } from './contact-center/chats/media/media-errors.ts';
import { SmsErrors } from './contact-center/chats/sms/sms-errors.ts';
import { ContactCenterWebErrors } from './contact-center/web/web-errors.ts';
import { CONTACT_CENTER_SCHEDULE, contactCenterTasks } from './contact-center/cc-tasks.ts';
import { hubService } from './hub/hub-service.ts';
import { IdentityErrors } from './hub/identity/identity-errors.ts';
import { EmbeddingErrors } from './hub/processing/embeddings/embedding-errors.ts';
import { embeddingProviderFromConfig } from './hub/processing/embeddings/embedding-provider-from-config.ts';
import { ImporterErrors } from './hub/importer/importer-errors.ts';
import { IMPORT_TASK, importTask } from './hub/importer/import-task.ts';
import { conversationJobObserver } from './hub/importer/conversation-jobs.ts';
import { analyzerFromConfig } from './hub/processing/analyzer-from-config.ts';
import { matchConversations } from './hub/processing/crm-matching/match-conversations.ts';
import { IngestionErrors } from './hub/processing/ingestion/ingestion-errors.ts';
import type { PipelineOptions } from './hub/processing/pipeline/pipeline-options.ts';
import { processingTasks } from './hub/processing/pipeline/processing-tasks.ts';
import { PROCESSING_SCHEDULE } from './hub/processing/pipeline/watchdog.ts';
import { assignTopics } from './hub/processing/topics/assign-topics.ts';
import { TOPICS_SCHEDULE, topicTasks } from './hub/processing/topics/rebuild-task.ts';
import { TopicErrors } from './hub/processing/topics/topic-errors.ts';
import { McpErrors } from './hub/mcp/mcp-errors.ts';
import { TrackerImportErrors } from './hub/importer/tracker-import-errors.ts';
import { PURGE_EXPIRED_SCHEDULE, purgeExpiredTask } from './hub/identity/purge-expired.ts';
import { ODATA_SCHEDULE, purgeTombstonesTask } from './hub/odata/maintenance/purge-tombstones.ts';
import { ODataErrors } from './hub/odata/odata-errors.ts';
import { REMATCH_TASK, rematchAfterImport, rematchTask } from './hub/processing/crm-matching/rematch-task.ts';
import { linkConversations } from './hub/processing/tracker-linking/link-conversations.ts';
import { relinkTask } from './hub/processing/tracker-linking/relink-task.ts';
import { RELINK_TASK } from './hub/processing/tracker-linking/tracker-changes.ts';
import type { Db } from './platform/db/database.ts';
import type { Config } from './platform/config/config.ts';
import { WebhookErrors } from './hub/webhooks/webhook-errors.ts';
import { webhookTasks } from './hub/webhooks/webhook-tasks.ts';
import { WEBHOOKS_SCHEDULE } from './hub/webhooks/webhooks-maintenance.ts';
import { messagingService } from './messaging/messaging-service.ts';
import type { ErrorDefinition } from './platform/errors/app-error.ts';
import { createLogger } from './platform/logging/logger.ts';
import { PlatformErrors } from './platform/errors/platform-errors.ts';
import type { ServiceDefinition } from './platform/http/service.ts';
import { TenancyErrors } from './platform/tenancy/tenancy-errors.ts';

export const SERVICES: readonly ServiceDefinition[] = [hubService, contactCenterService, messagingService];

/** The background tasks, bound to the process's database and configuration. */
export function taskList(db: Db, config: Config): TaskList {
  // One provider for the whole process: with EMBEDDINGS=onnx each instance would load its own copy of the model.
  const pipeline = pipelineOptions(config);
  const { embeddings } = pipeline;
  return {
    'identity:purge-expired': purgeExpiredTask(db) as TaskList[string],
    [IMPORT_TASK]: importTask(db, { afterApply: rematchAfterImport }) as TaskList[string],
    [REMATCH_TASK]: rematchTask(db, { phoneRegion: config.phoneDefaultRegion }) as TaskList[string],
    [RELINK_TASK]: relinkTask(db, { embeddings, vectorThreshold: config.trackerLinkVectorThreshold }) as TaskList[string],
    ...webhookTasks(db, config),
    'odata:purge-tombstones': purgeTombstonesTask(db) as TaskList[string],
    ...processingTasks(db, config, pipeline),
    ...(topicTasks(db, config.topicsBuildMemoryMb, embeddings) as TaskList),
    ...contactCenterTasks(db, config, createLogger(config.logLevel)),
  };
}

/** The processing pipeline as configured: the analyzer, embeddings, CRM matching as its stage (c), topics and tracker linking after it, the importer following its jobs. */
export function pipelineOptions(config: Config): PipelineOptions {
  const logger = createLogger(config.logLevel);
  const embeddings = embeddingProviderFromConfig(config, logger);
  const linking = { recount: true, embeddingModel: embeddings?.model, vectorThreshold: config.trackerLinkVectorThreshold };
  return {
    analyzer: analyzerFromConfig(config, logger),
    embeddings,
    logger,
    analyzerOptions: { competitors: config.competitors },
    crmMatch: async (trx, tenantId, conversationIds) => void (await matchConversations(trx, tenantId, { conversationIds }, { phoneRegion: config.phoneDefaultRegion })),
    topics: assignTopics,
    trackerLink: async (trx, tenantId, conversationIds, removed) => void (await linkConversations(trx, tenantId, conversationIds, removed, linking)),
    observers: [conversationJobObserver],
  };
}

/** Recurring jobs; graphile-worker runs each occurrence once across all processes. */
export const SCHEDULE: readonly ParsedCronItem[] = [...PURGE_EXPIRED_SCHEDULE, ...WEBHOOKS_SCHEDULE, ...ODATA_SCHEDULE, ...PROCESSING_SCHEDULE, ...TOPICS_SCHEDULE, ...CONTACT_CENTER_SCHEDULE];

/** Every error catalogue; docs/errors.md lists exactly these codes (docs.test.ts). */
export const ERROR_CATALOGUES: readonly Readonly<Record<string, ErrorDefinition>>[] = [
  PlatformErrors,
  TenancyErrors,
  IdentityErrors,
  ODataErrors,
  WebhookErrors,
  ImporterErrors,
  IngestionErrors,
  EmbeddingErrors,
  TrackerImportErrors,
  TopicErrors,
  McpErrors,
  ContactCenterErrors,
  EndUserErrors,
  DncErrors,
  AgentStatusErrors,
  UsersErrors,
  BulkUserErrors,
  ConsoleErrors,
  ContactDataErrors,
  ContactCenterWebErrors,
  SessionDataErrors,
  CampaignErrors,
  ContactListErrors,
  QueueSettingsErrors,
  CallErrors,
  QueueStatusErrors,
  ChatErrors,
  MediaErrors,
  SmsErrors,
];
