import { claim } from '../../src/forge/claim';

/** The claim helper (issue 23 item 1) on an in-memory item with a revision, its reads and writes interleaving. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

function store() {
  const item = { rev: 0, count: 0 };
  return {
    item,
    read: async () => (await tick(), { ...item }),
    /** A conditioned write: lands only if the revision is still the one read. */
    write: async (expected: number, count: number) => {
      await tick();
      if (item.rev !== expected) return false;
      item.rev += 1;
      item.count = count;
      return true;
    },
  };
}

describe('claim', () => {
  it('30 parallel claims on a limit of 5: exactly 5 win, the rest are refused, every win counted', async () => {
    const s = store();
    const one = async () => claim(await s.read(), s.read, (c) => (c.count >= 5 ? { answer: 'refused' } : { write: () => s.write(c.rev, c.count + 1), won: 'won' }), 'contended');
    const answers = await Promise.all(Array.from({ length: 30 }, one));
    expect(answers.filter((a) => a === 'won')).toHaveLength(5);
    expect(answers.filter((a) => a === 'refused')).toHaveLength(25);
    expect(s.item.count).toBe(5);
  });

  it('an async decision (a cheap check on the value read, issue 25): 10 parallel (fewer than the rounds), one right among them, the right one wins once and every wrong one counts', async () => {
    const s = store();
    let checks = 0;
    const one = (right: boolean) => async () =>
      claim(await s.read(), s.read, async (c) => {
        await tick();
        checks++;
        if (c.count < 0) return { answer: 'used' };
        // The right one marks the item done (count -100) in the same write; every later decision sees it.
        return right ? { write: () => s.write(c.rev, -100), won: 'right' } : { write: () => s.write(c.rev, c.count + 1), won: 'wrong' };
      }, 'contended');
    const answers = await Promise.all([...Array.from({ length: 9 }, one(false)), one(true)()]);
    expect(answers.filter((a) => a === 'right')).toHaveLength(1);
    expect(answers).not.toContain('contended');
    // Each wrong one landed its write, unless it decided after the right one's (then it answered without a write).
    expect(answers.filter((a) => a === 'wrong').length + answers.filter((a) => a === 'used').length).toBe(9);
    expect(s.item.rev).toBe(1 + answers.filter((a) => a === 'wrong').length);
    expect(checks).toBeGreaterThanOrEqual(10);
  });

  it('a read-then-write that ignores its lost update (what it replaces) counts one of the 30', async () => {
    const s = store();
    await Promise.all(Array.from({ length: 30 }, async () => {
      const c = await s.read();
      if (c.count < 5) await s.write(c.rev, c.count + 1);
    }));
    expect(s.item.count).toBe(1);
  });

  it('gives up after the bounded number of lost races and answers `contended` (the caller fails closed)', async () => {
    let writes = 0;
    const answer = await claim(0, async () => 0, () => ({ write: async () => (writes++, false), won: 'won' }), 'contended', 4);
    expect(answer).toBe('contended');
    expect(writes).toBe(4);
  });
});
