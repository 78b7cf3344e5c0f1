import { Filter, FilterConditions, type kvs } from '@forge/kvs';

export type Transaction = ReturnType<typeof kvs.transact>;

/**
 * A transaction refused because a condition did not hold (someone else changed the item first). Forge
 * does not document the code; the local emulator answers CONDITION_CHECK_FAILED.
 */
export function isConditionFailure(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return /CONDITION|CONFLICT|TRANSACTION/i.test(code);
}

/** Runs a conditioned transaction: true when it landed, false when a condition did not hold (nothing written). */
export async function executeIfUnchanged(tx: Transaction): Promise<boolean> {
  try {
    await tx.execute();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The condition "the item's `rev` is still `expected`"; undefined = the item does not exist yet. */
export function revIs<T extends { rev: number }>(expected: number | undefined) {
  return expected === undefined ? new Filter<T>().and('rev', FilterConditions.notExists()) : new Filter<T>().and('rev', FilterConditions.equalTo(expected));
}
