import { isValidDisplayName } from '../../domain/display-name';
import * as z from 'zod';
import type { Customer } from '../../domain/customer';
import { adminActions, adminStatus, inListGroup } from '../../domain/customer-admin';
import { csvRow } from '../../domain/csv-export';
import { acceptsMailLocale, mailLocaleCodes } from '../../domain/settings';
import { isPlausibleEmail, isPlausibleUsername, normaliseForLookup } from '../../domain/identifier';
import { hasSecondFactor } from '../../domain/two-step';
import type { Actor } from '../../flows/actor';
import { countExpired, resendExpiredStep, runAdminAction, type AdminActionOutcome } from '../../flows/customer-admin';
import { nowSec, type Deps } from '../../flows/deps';
import { importChunk, previewImport, type BulkDirectory } from '../../flows/import-customers';
import { inviteCustomer, type InviteOutcome } from '../../flows/invite';
import { createMany } from '../../forge/directory';
import { findManyByEmail, queryCustomers, scanCustomers, takenUsernames, usernamesBetween, type CustomerQuery, type ScanPosition } from '../../forge/directory-queries';
import { CUSTOMER_ACTIONS, CUSTOMER_FILTERS, CUSTOMER_GROUPS, DIRECTORY_LIMITS, type AdminFailure, type AdminResult, type CustomerFilter, type CustomerGroup, type CustomerRow, tupleOfRow } from '../admin-api';
import { fail, type AdminCaller, type AdminSection } from './common';

/**
 * Section "Customers": the directory (list, search, filter), invite one, per-customer actions, CSV import
 * (preview, then chunks) and export (chunks), and "resend all expired invitations" (chunks). Every call is
 * small enough for one resolver invocation; the UI drives the chunks and shows the progress. Logs carry
 * counts, never addresses or names.
 */
const bulk: BulkDirectory = { findManyByEmail, takenUsernames, usernamesBetween, createMany };
const PAGE = 25;
const EXPORT_PAGES = 10;
/**
 * KVS reads one list call may make (index pages of 100): a page is filled from up to 1,000 index entries
 * of the stored-status partition (or search range). Past that the call answers what it found with a
 * cursor where it stopped, so a rare status in a very large directory can give a short page.
 */
export const LIST_MAX_READS = 10;

const cursorInput = z.string().min(1).max(DIRECTORY_LIMITS.cursor).optional();
const listPayload = z.object({
  status: z.enum([...CUSTOMER_FILTERS, 'all']).optional(),
  search: z.string().trim().max(DIRECTORY_LIMITS.search).optional(),
  searchBy: z.enum(['email', 'username']).optional(),
  cursor: cursorInput,
});
const displayName = z.string().trim().refine(isValidDisplayName, 'displayName');
const invitePayload = z.object({
  email: z.string().trim().max(254).refine(isPlausibleEmail, 'email'),
  displayName,
  username: z.string().trim().max(64).optional().refine((s) => !s || isPlausibleUsername(s), 'username'),
  locale: z.string().regex(/^[a-z]{2}$/),
  portalAdmin: z.boolean().optional(),
});
const actionPayload = z.object({ id: z.string().min(1).max(100), action: z.enum(CUSTOMER_ACTIONS) });
const previewPayload = z.object({ csv: z.string(), defaultLocale: z.string().regex(/^[a-z]{2}$/) });
const runPayload = z.object({
  rows: z
    .array(
      z.object({
        line: z.number().int().min(2).max(10_000_000),
        email: z.string().max(320),
        name: z.string().max(300),
        username: z.string().max(100),
        locale: z.string().max(10),
        portalAdmin: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(DIRECTORY_LIMITS.importChunk),
  invite: z.boolean(),
});
const chunkPayload = z.object({ cursor: cursorInput });

function invalid(error: z.ZodError) {
  return fail('invalid-input', { field: error.issues[0]?.path.join('.') || 'payload' });
}

/** The filter a list cursor belongs to: a cursor is only accepted with the filter it was made for. */
function listFilterKey(status: string | undefined, search: { by: string; prefix: string } | undefined): string {
  return [status ?? 'all', search?.by ?? '', search?.prefix ?? ''].join('\u0000');
}

/** Our cursor: the filter, and where the scan stopped (the store's page cursor, entries passed in it, the last one's id). */
function encodeListCursor(filter: string, at: ScanPosition): string {
  return Buffer.from(JSON.stringify([filter, at.page ?? '', at.passed, at.lastId ?? ''])).toString('base64url');
}

function decodeListCursor(filter: string, cursor: string): ScanPosition | undefined {
  try {
    const [f, page, passed, lastId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (f !== filter || typeof page !== 'string' || typeof lastId !== 'string') return undefined;
    if (typeof passed !== 'number' || !Number.isInteger(passed) || passed < 0 || passed >= 100) return undefined;
    if (!page && !passed) return undefined;
    return { ...(page ? { page } : {}), passed, ...(lastId ? { lastId } : {}) };
  } catch {
    return undefined;
  }
}

export function toRow(c: Customer, now: number): CustomerRow {
  return {
    id: c.id,
    email: c.email,
    username: c.username,
    displayName: c.displayName,
    locale: c.locale,
    status: adminStatus(c, now),
    invitedAt: c.invitedAt,
    inviteExpiresAt: c.link?.purpose === 'invite' ? c.link.expiresAt : 0,
    lockedUntil: c.lockedUntil,
    updatedAt: c.updatedAt,
    portalAdmin: c.portalAdmin === true,
    twoStep: hasSecondFactor(c),
    actions: adminActions(c, now),
  };
}

/**
 * How a derived status is found: the stored status (index partition or filter), KVS conditions on
 * top-level attributes where they say enough, and the exact derived status checked here (it depends on
 * the link's expiry, which is inside the `link` attribute).
 */
function queryFor(status: CustomerFilter | 'all' | undefined, now: number): Pick<CustomerQuery, 'status' | 'where'> {
  switch (status) {
    case 'registered':
      return { status: 'active' };
    case 'invite-expiring':
      return { status: 'invited', where: [{ attribute: 'invitedAt', condition: 'greaterThan', value: 0 }] };
    case 'delivery-problem':
      // The store's condition narrows the walk; `inListGroup` decides (an attribute stored as null may count as present).
      return { where: [{ attribute: 'deliveryIssue', condition: 'exists' }] };
    case 'disabled':
      return { status: 'disabled' };
    case 'locked':
      return { status: 'active', where: [{ attribute: 'lockedUntil', condition: 'greaterThan', value: now }] };
    case 'active':
      return { status: 'active', where: [{ attribute: 'lockedUntil', condition: 'lessThanEqualTo', value: now }] };
    case 'reset-pending':
      return {
        status: 'active',
        where: [
          { attribute: 'lockedUntil', condition: 'lessThanEqualTo', value: now },
          // A customer without a link has no linkHash attribute (src/forge/stored-customer.ts).
          { attribute: 'linkHash', condition: 'exists' },
        ],
      };
    case 'not-invited':
      return { status: 'invited', where: [{ attribute: 'invitedAt', condition: 'equalTo', value: 0 }] };
    case 'invited':
    case 'invite-expired':
      return { status: 'invited', where: [{ attribute: 'invitedAt', condition: 'greaterThan', value: 0 }] };
    case 'all':
    case undefined:
      return {};
  }
}

export async function actorFor(deps: Deps, caller: AdminCaller): Promise<Actor> {
  const me = await deps.jira.caller().catch(() => undefined);
  return { kind: 'admin', accountId: caller.accountId, name: me?.displayName ?? '' };
}

export type AdminInviteError = Extract<InviteOutcome, { ok: false }>['error'];
export type AdminActionError = Extract<AdminActionOutcome, { ok: false }>['error'];

/**
 * The one translation from flow errors to the admin API's answers in this section. Records over every flow
 * error: a new one does not compile until it is mapped here. `stored` (invite): the mail is in the outbox
 * and will be retried, so the answer is the stored entry.
 */
export const ADMIN_FLOW_ERRORS: { invite: Record<AdminInviteError, AdminFailure | 'stored'>; action: Record<AdminActionError, AdminFailure> } = {
  invite: {
    retrying: 'stored',
    'username-taken': fail('invalid-input', { field: 'username', reason: 'taken' }),
    'internal-address': fail('invalid-input', { field: 'email', reason: 'internal-address' }),
    'limit-reached': fail('limit'),
    'already-registered': fail('not-allowed'),
    'wrong-state': fail('not-allowed'),
    'email-failed': fail('email-failed'),
    conflict: fail('conflict'),
  },
  action: {
    'not-found': fail('not-found'),
    'not-allowed': fail('not-allowed'),
    limit: fail('limit'),
    conflict: fail('conflict'),
    'email-failed': fail('email-failed'),
  },
};

function answer(deps: Deps, outcome: AdminActionOutcome): AdminResult<CustomerRow> {
  return outcome.ok ? { ok: true, data: toRow(outcome.customer, nowSec(deps)) } : ADMIN_FLOW_ERRORS.action[outcome.error];
}

export const directorySection: AdminSection = (admin) => {
  const { deps } = admin;

  admin.define('admin/customers/list', async (payload) => {
    const input = listPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const { status } = input.data;
    const prefix = normaliseForLookup(input.data.search ?? '');
    const by = prefix.includes('@') ? 'email' : (input.data.searchBy ?? 'email');
    const filter = listFilterKey(status, prefix ? { by, prefix } : undefined);
    let from: ScanPosition | undefined;
    if (input.data.cursor) {
      from = decodeListCursor(filter, input.data.cursor);
      if (!from) return fail('invalid-input', { field: 'cursor' });
    }
    const now = nowSec(deps);
    const query: Omit<CustomerQuery, 'limit' | 'cursor'> = { ...queryFor(status, now), ...(prefix ? { search: { by, prefix } } : {}) };
    const isGroup = (f: string | undefined): f is CustomerGroup => (CUSTOMER_GROUPS as readonly string[]).includes(f ?? '');
    const keep = (c: Customer) => !status || status === 'all' || (isGroup(status) ? inListGroup(c, status, now) : adminStatus(c, now) === status);
    let scan: Awaited<ReturnType<typeof scanCustomers>>;
    try {
      scan = await scanCustomers(query, keep, PAGE, from, LIST_MAX_READS);
    } catch (error) {
      if (from && (error as { code?: string })?.code === 'BAD_REQUEST') return fail('invalid-input', { field: 'cursor' });
      throw error;
    }
    return { ok: true, data: { customers: scan.customers.map((c) => toRow(c, now)), cursor: scan.next ? encodeListCursor(filter, scan.next) : null } };
  });

  admin.define('admin/customers/invite', async (payload, caller) => {
    const input = invitePayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    if (!acceptsMailLocale(await admin.fresh(), input.data.locale)) return fail('invalid-input', { field: 'locale', reason: 'unknown-locale' });
    const outcome = await inviteCustomer(deps, input.data, await actorFor(deps, caller));
    if (outcome.ok) return { ok: true, data: toRow(outcome.customer, nowSec(deps)) };
    const failure = ADMIN_FLOW_ERRORS.invite[outcome.error];
    if (failure !== 'stored') return failure;
    const stored = await deps.directory.findByEmail(normaliseForLookup(input.data.email));
    return stored ? { ok: true, data: toRow(stored, nowSec(deps)) } : fail('internal');
  });

  admin.define('admin/customers/action', async (payload, caller) => {
    const input = actionPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const { id, action } = input.data;
    const actor = await actorFor(deps, caller);
    const outcome = await runAdminAction(deps, id, action, actor);
    deps.log.info('admin customer action', { action, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
    return answer(deps, outcome);
  });

  admin.define('admin/customers/import-preview', async (payload) => {
    const input = previewPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    if (input.data.csv.length > DIRECTORY_LIMITS.csvChars) return { ok: true, data: { ok: false, fileError: 'too-large' } };
    const settings = await admin.fresh();
    const accepted = mailLocaleCodes(settings);
    if (!accepted.includes(input.data.defaultLocale)) return fail('invalid-input', { field: 'defaultLocale', reason: 'unknown-locale' });
    const preview = await previewImport(bulk, input.data.csv, input.data.defaultLocale, accepted, settings.internal.domains);
    if (preview.ok) deps.log.info('admin import preview', { rows: preview.total, new: preview.new, changed: preview.changed, invalid: preview.invalid });
    if (!preview.ok) return { ok: true, data: preview };
    return { ok: true, data: { ...preview, rows: preview.rows.map(tupleOfRow) } };
  });

  admin.define('admin/customers/import-run', async (payload, caller) => {
    const input = runPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    if (input.data.invite && input.data.rows.length > DIRECTORY_LIMITS.importChunkWithInvites) return fail('invalid-input', { field: 'rows' });
    const settings = await admin.fresh();
    const result = await importChunk(deps, bulk, input.data.rows, {
      invite: input.data.invite,
      actor: await actorFor(deps, caller),
      accepted: mailLocaleCodes(settings),
      internalDomains: settings.internal.domains,
    });
    deps.log.info('admin import chunk', { rows: input.data.rows.length, created: result.created, updated: result.updated, failed: result.failed.length, invited: result.invited });
    return { ok: true, data: result };
  });

  admin.define('admin/customers/export', async (payload) => {
    const input = chunkPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const now = nowSec(deps);
    let csv = input.data.cursor ? '' : csvRow(['email', 'name', 'username', 'locale', 'status', 'portal_admin']);
    let cursor = input.data.cursor;
    let count = 0;
    for (let pages = 0; pages < EXPORT_PAGES; pages++) {
      const page = await queryCustomers({ limit: 100, cursor });
      for (const c of page.customers) csv += csvRow([c.email, c.displayName, c.username, c.locale, adminStatus(c, now), c.portalAdmin ? 'yes' : 'no']);
      count += page.customers.length;
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { ok: true, data: { csv, count, cursor: cursor ?? null } };
  });

  admin.define('admin/customers/resend-expired', async (payload, caller) => {
    const input = chunkPayload.safeParse(payload);
    if (!input.success) return invalid(input.error);
    const total = input.data.cursor ? undefined : await countExpired(deps, 50);
    const step = await resendExpiredStep(deps, await actorFor(deps, caller), input.data.cursor, DIRECTORY_LIMITS.resendChunk);
    deps.log.info('admin resend expired invitations', { resent: step.resent, skippedLimit: step.skippedLimit, failed: step.failed });
    return {
      ok: true,
      data: { resent: step.resent, skippedLimit: step.skippedLimit, failed: step.failed, ...(total?.exact ? { total: total.count } : {}),
        cursor: step.cursor ?? null },
    };
  });
};
