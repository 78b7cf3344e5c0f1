import { mailLocaleOf, newCustomer, type Customer } from '../domain/customer';
import { checkRows, parseCustomerCsv, type ImportRow, type RowFields } from '../domain/csv-import';
import { normaliseForLookup } from '../domain/identifier';
import { awaitsFirstInvitation, countPlan, planImport, type ImportChunkResult, type ImportPreviewOf, type ImportRowInput } from '../domain/import-plan';
import { generatedUsernameRun } from '../domain/username';
import { LOCALES, type MailLocale } from '../i18n/locale';
import type { AuditEvent } from '../domain/audit';
import { actorOf, type Actor } from './actor';
import { auditEvent, nowSec, type Deps } from './deps';
import { sendInvitation } from './invite';
import { inGroups } from '../in-groups';

/**
 * The customer CSV import. `previewImport` parses and plans the whole file and writes nothing; the UI then
 * sends the valid rows back in chunks to `importChunk`, which checks them again, creates new entries in
 * batched writes, updates changed ones (one conditional write each) and leaves unchanged ones alone, so
 * importing the same file twice changes nothing the second time.
 */
export interface BulkDirectory {
  findManyByEmail(emailKeys: readonly string[]): Promise<Map<string, Customer>>;
  takenUsernames(usernameKeys: readonly string[]): Promise<Set<string>>;
  usernamesBetween(from: string, to: string): Promise<Set<string>>;
  /** Returns the ids of customers that could not be written. */
  createMany(customers: readonly Customer[], events: readonly AuditEvent[]): Promise<Set<string>>;
}

export const MAX_LISTED_PROBLEMS = 1000;

export type ImportPreviewResult = ImportPreviewOf<ImportRowInput>;
export type { ImportChunkResult };

/** `accepted`: the email languages customers may have (en, de and the added ones). */
export async function previewImport(
  bulk: BulkDirectory,
  csv: string,
  defaultLocale: MailLocale,
  accepted: readonly MailLocale[] = LOCALES,
  internalDomains: readonly string[] = [],
): Promise<ImportPreviewResult> {
  const parsed = parseCustomerCsv(csv, defaultLocale, accepted, internalDomains);
  if (!parsed.ok) return { ok: false, fileError: parsed.error };
  const valid = parsed.rows.filter((r) => r.problems.length === 0).sort((a, b) => (a.emailKey < b.emailKey ? -1 : a.emailKey > b.emailKey ? 1 : 0));
  const counts = countPlan(planImport(valid, await bulk.findManyByEmail(valid.map((r) => r.emailKey))));
  return {
    ok: true,
    total: parsed.rows.length,
    ...counts,
    invalid: parsed.invalid,
    problems: parsed.rows
      .filter((r) => r.problems.length > 0)
      .slice(0, MAX_LISTED_PROBLEMS)
      .map((r) => ({ line: r.line, email: r.email.slice(0, 254), problems: r.problems })),
    rows: valid.map((r) => ({
      line: r.line, email: r.email, name: r.displayName, username: r.username, locale: r.locale,
      ...(r.portalAdmin === undefined ? {} : { portalAdmin: r.portalAdmin }),
    })),
  };
}

/**
 * `n` free usernames in the generated format (domain/username.ts): a run of consecutive numbers from a
 * random start, so one range scan of the username index (not one lookup per row) finds the taken ones.
 */
async function freeUsernames(deps: Deps, bulk: BulkDirectory, n: number): Promise<string[]> {
  const free: string[] = [];
  for (let attempt = 0; free.length < n; attempt++) {
    if (attempt === 10) throw new Error('no free usernames found');
    const need = n - free.length;
    const candidates = generatedUsernameRun(deps.randomBytes(4).readUInt32BE(0), need);
    const taken = await bulk.usernamesBetween(candidates[0], candidates[need - 1]);
    free.push(...candidates.filter((c) => !taken.has(c)));
  }
  return free;
}

export async function importChunk(
  deps: Deps,
  bulk: BulkDirectory,
  fields: RowFields[],
  options: { invite: boolean; actor: Actor; accepted?: readonly MailLocale[]; internalDomains?: readonly string[] },
): Promise<ImportChunkResult> {
  const result: ImportChunkResult = { created: 0, updated: 0, unchanged: 0, failed: [], invited: 0, inviteSkipped: 0, inviteFailed: 0 };
  const rows: ImportRow[] = [];
  for (const row of checkRows(fields, 'en', options.accepted, options.internalDomains)) {
    if (row.problems.length > 0) result.failed.push({ line: row.line, reason: row.problems[0] });
    else rows.push(row);
  }
  const plan = planImport(rows, await bulk.findManyByEmail(rows.map((r) => r.emailKey)));
  const who = actorOf(options.actor);
  const now = nowSec(deps);

  // New entries: a username given in the file must be free; otherwise one is generated, as for invitations.
  const fresh = plan.filter((p) => p.kind === 'new').map((p) => p.row);
  const taken = await bulk.takenUsernames(fresh.filter((r) => r.username).map((r) => normaliseForLookup(r.username)));
  const generated = await freeUsernames(deps, bulk, fresh.filter((r) => !r.username).length);
  const created: { row: ImportRow; customer: Customer }[] = [];
  for (const row of fresh) {
    if (row.username && taken.has(normaliseForLookup(row.username))) {
      result.failed.push({ line: row.line, reason: 'username-taken' });
      continue;
    }
    const username = row.username || generated.pop()!;
    const customer = newCustomer({
      id: deps.randomBytes(16).toString('base64url'),
      email: row.email,
      emailKey: row.emailKey,
      username,
      usernameKey: normaliseForLookup(username),
      displayName: row.displayName,
      locale: row.locale,
      nowSec: now,
    });
    if (row.portalAdmin) customer.portalAdmin = true;
    created.push({ row, customer });
  }
  const notWritten = await bulk.createMany(
    created.map((c) => c.customer),
    created.map((c) => auditEvent(deps, c.customer.id, 'customer.imported', who.actor, c.customer.portalAdmin ? { ...who.detail, portalAdmin: true } : who.detail)),
  );
  for (const { row, customer } of created) {
    if (notWritten.has(customer.id)) result.failed.push({ line: row.line, reason: 'write-failed' });
    else result.created++;
  }

  // Changed entries: name, language and the portal administrator mark, each a conditional write with its audit event.
  const stored = new Map<string, Customer>();
  await inGroups(
    plan.filter((p) => p.kind === 'changed'),
    10,
    async (p) => {
      if (p.kind !== 'changed') return;
      const next: Customer = { ...p.existing, ...p.changes, rev: p.existing.rev + 1, updatedAt: now };
      const mark: Record<string, boolean> = p.changes.portalAdmin === undefined ? {} : { portalAdmin: p.changes.portalAdmin };
      const event = auditEvent(deps, p.existing.id, 'customer.updated', who.actor, { ...who.detail, fields: 'name,locale', ...mark });
      if (await deps.directory.update(next, { rev: p.existing.rev }, [event])) {
        result.updated++;
        stored.set(next.id, next);
      } else result.failed.push({ line: p.row.line, reason: 'conflict' });
    },
  );
  result.unchanged = plan.filter((p) => p.kind === 'unchanged').length;

  if (options.invite) {
    const settings = await deps.settings.load();
    const toInvite = [
      ...created.filter((c) => !notWritten.has(c.customer.id)).map((c) => c.customer),
      ...plan.flatMap((p) => (p.kind !== 'new' && awaitsFirstInvitation(p.existing) ? [stored.get(p.existing.id) ?? p.existing] : [])),
    ];
    await inGroups(toInvite, 5, async (customer) => {
      const outcome = await sendInvitation(deps, settings, customer, options.actor, mailLocaleOf(customer));
      if (outcome.ok || outcome.error === 'retrying') result.invited++;
      else if (outcome.error === 'limit-reached') result.inviteSkipped++;
      else result.inviteFailed++;
    });
  }
  result.failed.sort((a, b) => a.line - b.line);
  return result;
}
