import { after, balancedOrder, followCounts, likeForLikeRatio, timedInOrder, timesOf } from '../../bench/stats';

// The order of the bench's timing comparisons (reset request, email code, the better-auth peer): a request right
// after a known one is slower whatever its own kind (docs/bench.md, session 14), so each kind must follow each
// kind equally often, or the unknown/known ratio reads the order instead of the app.
describe('balancedOrder', () => {
  it.each([
    [280, 25_000],
    [280, 25_001],
    [280, 25_002],
    [200, 25_100],
    [840, 25_200],
    [280, 22_000],
    [280, 22_001],
    [280, 22_002],
  ])('%i requests from seed %i: half known, each kind after each kind as often (±1)', (n, seed) => {
    const order = balancedOrder(n, seed);
    expect(order).toHaveLength(n);
    expect(order.filter(Boolean)).toHaveLength(n / 2);
    const { kk, ku, uk, uu } = followCounts(order);
    expect(kk + ku + uk + uu).toBe(n - 1);
    expect(Math.max(kk, ku, uk, uu) - Math.min(kk, ku, uk, uu)).toBeLessThanOrEqual(1);
  });

  it('is the same order for the same seed, and another for another seed', () => {
    expect(balancedOrder(280, 25_000)).toEqual(balancedOrder(280, 25_000));
    expect(balancedOrder(280, 25_000)).not.toEqual(balancedOrder(280, 25_001));
  });

  it('counts what follows what', () => {
    expect(followCounts([true, true, false, false, true])).toEqual({ kk: 1, ku: 1, uk: 1, uu: 1 });
  });
});

describe('likeForLikeRatio', () => {
  const K = (ms: number) => ({ known: true, ms });
  const U = (ms: number) => ({ known: false, ms });

  it('reads 1 where only the request before matters, where the medians of all of each kind do not', () => {
    // 2.0 ms after a known request, 1.5 ms after an unknown one, whatever the request's own kind; more known
    // requests follow a known one than unknown ones do.
    const seq = [K(1.5), K(2.0), U(2.0), U(1.5), K(1.5), K(2.0), K(2.0)];
    const r = likeForLikeRatio(seq);
    expect(r.afterKnown).toBe(1);
    expect(r.afterUnknown).toBe(1);
    expect(r.ratio).toBe(1);
    expect(r.plain).toBeCloseTo(0.875, 6);
  });

  it('reads a difference of the request itself in both groups', () => {
    // Unknown requests 10 % quicker than known ones, after either kind.
    const seq = [K(2.0), U(1.8), K(1.5), K(2.0), U(1.8), U(1.35), K(1.5)];
    const r = likeForLikeRatio(seq);
    expect(r.afterKnown).toBeCloseTo(0.9, 6);
    expect(r.afterUnknown).toBeCloseTo(0.9, 6);
    expect(r.ratio).toBeCloseTo(0.9, 6);
  });
});

describe('timedInOrder', () => {
  it('runs each kind with its own count, in the order given, and keeps each time with its kind', async () => {
    const ran: string[] = [];
    const seq = await timedInOrder(
      [true, false, false, true],
      async (i) => (ran.push(`K${i}`), 10 + i),
      async (i) => (ran.push(`U${i}`), 20 + i),
    );
    expect(ran).toEqual(['K0', 'U0', 'U1', 'K1']);
    expect(seq).toEqual([
      { known: true, ms: 10 },
      { known: false, ms: 20 },
      { known: false, ms: 21 },
      { known: true, ms: 11 },
    ]);
    expect(timesOf(seq, true)).toEqual([10, 11]);
    expect(after(seq, false).map((t) => t.ms)).toEqual([21, 11]);
  });
});
