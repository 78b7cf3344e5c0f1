import { kvs } from '@forge/kvs';
import { newCustomer } from '../../src/domain/customer';
import { toStoredCustomer } from '../../src/forge/stored-customer';
import type { AdminResult, OverviewData } from '../../src/surfaces/admin-api';
import { invokeResolver, type TestHost } from './local-host';

/**
 * The admin page's "Overview" on `host()` (test/integration/admin-overview): the host clock in seconds, the
 * overview as the admin reads it, a step of the host clock (its queue idle after it), a series' figure of today
 * and its 30-day total, and a directory from before the counters existed.
 */
export function overviewCalls(host: () => TestHost) {
  function now() {
    return Math.floor(host().clock.nowMs() / 1000);
  }

  async function overview(): Promise<OverviewData> {
    const result = await invokeResolver<AdminResult<OverviewData>>(host().url, { moduleKey: 'admin-page', functionKey: 'admin/overview', payload: {}, persona: 'admin' });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  }

  async function advance(seconds: number) {
    await fetch(`${host().url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
    await host().idle();
  }
  return { now, overview, advance };
}

export const today = (o: OverviewData, series: keyof OverviewData['series']) => o.series[series][o.days.length - 1];
export const total = (o: OverviewData, series: keyof OverviewData['series']) => o.series[series].reduce((a, b) => a + b, 0);

/**
 * An entry and an event from before the counters existed (written around them, as an old version did; as Forge
 * would have kept it: without the '' attributes its store refuses), and 300 more entries, so the backfill takes
 * more than one job run (ten steps of 24 each) and queues itself again.
 */
export async function seedBeforeCounters(host: TestHost): Promise<void> {
  const now = () => Math.floor(host.clock.nowMs() / 1000);
  const old = { ...newCustomer({ id: 'old-entry', email: 'old@example.org', emailKey: 'old@example.org', username: 'old1', usernameKey: 'old1', displayName: 'Old', locale: 'en', nowSec: now() - 86400 }), status: 'disabled' as const };
  await kvs.entity('customer').set(old.id, toStoredCustomer(old));
  for (let i = 0; i < 300; i += 25) {
    await kvs.batchSet(
      Array.from({ length: 25 }, (_, j) => {
        const n = i + j;
        const c = { ...newCustomer({ id: `old-${n}`, email: `old${n}@example.org`, emailKey: `old${n}@example.org`, username: `old${n}`, usernameKey: `old${n}`, displayName: `Old ${n}`, locale: 'en', nowSec: now() - 86400 }), status: 'active' as const };
        return { key: c.id, value: toStoredCustomer(c), entityName: 'customer' };
      }),
    );
  }
  const id = `${String(host.clock.nowMs() - 3_600_000 * 30).padStart(14, '0')}-000001-00000000`;
  await kvs.entity('audit').set(`0${id.slice(1)}`, { id: `0${id.slice(1)}`, customerId: old.id, at: now() - 30 * 3600, kind: 'login.failed', actor: 'anonymous', detail: {} });
}
