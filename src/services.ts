/**
 * The composition root: which services a process serves and which background
 * tasks its workers run. Adding a service or a task is one line here.
 */
import type { TaskList } from 'graphile-worker';
import { contactCenterService } from './contact-center/contact-center-service.ts';
import { hubService } from './hub/hub-service.ts';
import { messagingService } from './messaging/messaging-service.ts';
import type { ServiceDefinition } from './platform/http/service.ts';

export const SERVICES: readonly ServiceDefinition[] = [hubService, contactCenterService, messagingService];

export const TASKS: TaskList = {};
