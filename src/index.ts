/** Forge entry points, one function per surface (see manifest.yml). */
import { HANDLER_NAMES, byInstallation, createHandlers, forgeDeps } from './app';
import { PasswordHasher } from './crypto/password-hasher';
import { consoleLogger } from './forge/logger';

// Shared by every installation this process serves: no tenant data (the hasher only limits concurrent scrypt runs).
// eslint-disable-next-line no-restricted-syntax -- tenant-free: the logger, and the hasher that limits concurrent scrypt runs per process
const shared = { hasher: new PasswordHasher(), log: consoleLogger };
// Each installation gets its own adapters and caches, chosen per invocation by its context (docs/tenancy.md).
const handlers = byInstallation(HANDLER_NAMES, () => createHandlers(forgeDeps(shared)));

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
