import * as z from 'zod';
import { normaliseForLookup } from '../../domain/identifier';
import { downloadCustomerData } from '../../flows/customer-data';
import { eraseCustomer } from '../../flows/erase-customer';
import { actorFor } from './directory';
import { fail, type AdminSection } from './common';

/**
 * Section "Customers", privacy actions (issue 24): "Delete customer and their data" (confirmed by the
 * customer's email address typed again) and "Download data". Logs carry outcomes and counts, never the person.
 */
const idPayload = z.object({ id: z.string().min(1).max(100) });
const erasePayload = idPayload.extend({ confirm: z.string().max(320) });

export const privacySection: AdminSection = (admin) => {
  const { deps } = admin;

  admin.define('admin/customers/erase', async (payload, caller) => {
    const input = erasePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: input.error.issues[0]?.path.join('.') || 'payload' });
    const customer = await deps.directory.get(input.data.id);
    if (!customer) return fail('not-found');
    if (normaliseForLookup(input.data.confirm.trim()) !== customer.emailKey) return fail('invalid-input', { field: 'confirm' });
    const outcome = await eraseCustomer(deps, customer.id, await actorFor(deps, caller));
    deps.log.info('admin customer erase', { ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error }) });
    return outcome.ok ? { ok: true, data: { reference: outcome.reference, events: outcome.events } } : fail(outcome.error);
  });

  admin.define('admin/customers/download', async (payload, caller) => {
    const input = idPayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: 'id' });
    const customer = await deps.directory.get(input.data.id);
    if (!customer || customer.erasingAs) return fail('not-found');
    return { ok: true, data: await downloadCustomerData(deps, customer, await actorFor(deps, caller), 'admin') };
  });
};
