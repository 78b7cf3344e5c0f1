import * as z from 'zod';
import { csvRow } from '../../domain/csv-export';
import { normaliseForLookup } from '../../domain/identifier';
import { customersById, scanAudit, type AuditQuery } from '../../forge/audit-log';
import type { AuditEvent } from '../../domain/audit';
import {
  AUDIT_LIMITS,
  AUDIT_ROLES,
  type AdminResult,
  type AuditActor,
  type AuditCsvChunk,
  type AuditEntry,
  type AuditPage,
} from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * Section "Audit log": every customer's events, newest first, filtered by customer (email, username or id),
 * actor (account id or role) and kind (one kind or a category like 'email.'); as pages for the screen and as
 * CSV chunks for the export. Each call reads a bounded part of the log (a few index queries and one batch
 * read per 25 customers), far below the 25 s resolver limit; the cursor says where to go on.
 */

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
/** What can be a customer id (a KVS key); anything else is not looked up by id. */
const KEY = /^[A-Za-z0-9:._-]{1,100}$/;
const KIND = /^[a-z][a-z-]{0,30}\.(?:[a-z][a-z-]{0,40})?$/;

const payloadSchema = z.object({
  customer: z.string().trim().max(AUDIT_LIMITS.filter).optional(),
  actor: z
    .string()
    .trim()
    .max(128)
    .refine((s) => !s || ACCOUNT_ID.test(s))
    .optional(),
  kind: z
    .string()
    .trim()
    .max(80)
    .refine((s) => !s || KIND.test(s))
    .optional(),
  cursor: z.string().max(AUDIT_LIMITS.cursor).optional(),
});
type Input = z.infer<typeof payloadSchema>;
const FIELDS = ['customer', 'actor', 'kind', 'cursor'] as const;

/** Our cursor: the filter it belongs to and the store's cursor, so a cursor is never used with other filters. */
function encodeCursor(q: AuditQuery, kvsCursor: string): string {
  return Buffer.from(JSON.stringify([q.customerId ?? '', q.actor ?? '', q.kind ?? '', kvsCursor])).toString('base64url');
}
function decodeCursor(q: AuditQuery, cursor: string): string | undefined {
  try {
    const [c, a, k, kvsCursor] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (c === (q.customerId ?? '') && a === (q.actor ?? '') && k === (q.kind ?? '') && typeof kvsCursor === 'string') return kvsCursor;
  } catch {
    /* not ours */
  }
  return undefined;
}

const ROLES: readonly string[] = AUDIT_ROLES;

function actorOf(e: AuditEvent): AuditActor {
  if (ROLES.includes(e.actor)) return { role: e.actor as (typeof AUDIT_ROLES)[number] };
  const role = e.detail.actorRole === 'agent' || e.detail.actorRole === 'admin' ? e.detail.actorRole : e.actor === 'api' && e.detail.via === 'api' ? 'api' : 'person';
  return { role, accountId: e.actor, name: typeof e.detail.actorName === 'string' ? e.detail.actorName : null };
}

function detailOf(e: AuditEvent): AuditEntry['detail'] {
  const { actorRole: _role, actorName: _name, ...rest } = e.detail;
  return rest;
}

export const auditSection: AdminSection = ({ deps, define }) => {
  /** The filter as a query, or the failure to answer (bad input, unknown customer, foreign cursor). */
  async function parse(payload: unknown): Promise<{ ok: true; query: AuditQuery; kvsCursor?: string } | { ok: false; failure: ReturnType<typeof fail> }> {
    const input = payloadSchema.safeParse(payload);
    if (!input.success) {
      const field = FIELDS.find((f) => f === input.error.issues[0]?.path[0]);
      return { ok: false, failure: fail('invalid-input', field ? { field } : {}) };
    }
    const { customer, actor, kind, cursor }: Input = input.data;
    const query: AuditQuery = {};
    if (customer) {
      const key = normaliseForLookup(customer);
      const found = key.includes('@')
        ? await deps.directory.findByEmail(key)
        : ((await deps.directory.findByUsername(key)) ?? (KEY.test(customer) ? await deps.directory.get(customer) : undefined));
      if (!found) return { ok: false, failure: fail('not-found', { field: 'customer' }) };
      query.customerId = found.id;
    }
    if (actor) query.actor = actor;
    if (kind) query.kind = kind;
    if (!cursor) return { ok: true, query };
    const kvsCursor = decodeCursor(query, cursor);
    return kvsCursor ? { ok: true, query, kvsCursor } : { ok: false, failure: fail('invalid-input', { field: 'cursor' }) };
  }

  async function entries(want: number, query: AuditQuery, kvsCursor?: string): Promise<{ entries: AuditEntry[]; cursor: string | null }> {
    const scan = await scanAudit(query, want, kvsCursor);
    const customers = await customersById(scan.events.map((e) => e.customerId));
    return {
      entries: scan.events.map((e) => {
        const c = customers.get(e.customerId);
        return {
          id: e.id,
          at: e.at,
          kind: e.kind,
          customer: c ? { id: c.id, displayName: c.displayName, email: c.email } : null,
          actor: actorOf(e),
          detail: detailOf(e),
        };
      }),
      cursor: scan.cursor ? encodeCursor(query, scan.cursor) : null,
    };
  }

  define('admin/audit', async (payload): Promise<AdminResult<AuditPage>> => {
    const parsed = await parse(payload);
    if (!parsed.ok) return parsed.failure;
    return { ok: true, data: await entries(AUDIT_LIMITS.page, parsed.query, parsed.kvsCursor) };
  });

  define('admin/audit/export', async (payload, { accountId }): Promise<AdminResult<AuditCsvChunk>> => {
    const parsed = await parse(payload);
    if (!parsed.ok) return parsed.failure;
    const page = await entries(AUDIT_LIMITS.exportChunk, parsed.query, parsed.kvsCursor);
    const header = parsed.kvsCursor ? '' : csvRow(CSV_HEADER);
    const csv = header + page.entries.map((e) => csvRow(csvCells(e))).join('');
    if (!parsed.kvsCursor) deps.log.info('admin audit export started', { actor: accountId, filtered: Object.keys(parsed.query).join(',') || 'none' });
    return { ok: true, data: { csv, rows: page.entries.length, cursor: page.cursor } };
  });
};

/** Language-neutral columns (codes, ISO times in UTC), so the file reads the same for every admin and tool. */
const CSV_HEADER = ['time', 'kind', 'customer_name', 'customer_email', 'customer_id', 'actor', 'actor_name', 'detail', 'event_id'];

function csvCells(e: AuditEntry): (string | number)[] {
  const actor = 'accountId' in e.actor ? e.actor.accountId : e.actor.role;
  const actorName = 'accountId' in e.actor ? (e.actor.name ?? '') : '';
  const detail = Object.entries(e.detail)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ');
  return [new Date(e.at * 1000).toISOString(), e.kind, e.customer?.displayName ?? '', e.customer?.email ?? '', e.customer?.id ?? '', actor, actorName, detail, e.id];
}
