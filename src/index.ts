/** Forge entry points, one function per surface (see manifest.yml). */
import { createHandlers, forgeDeps } from './app';

const handlers = createHandlers(forgeDeps());

export const portal = handlers.portal;
export const agent = handlers.agent;
export const admin = handlers.admin;
export const profile = handlers.profile;
export const customerPages = handlers.customerPages;
export const webhooks = handlers.webhooks;
export const jobs = handlers.jobs;
export const reminders = handlers.reminders;
export const requestEvents = handlers.requestEvents;
export const automation = handlers.automation;
export const provisioning = handlers.provisioning;
