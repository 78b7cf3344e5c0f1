import { badRequest } from './kvs-errors';

/** Conditions as @forge/kvs sends them: in entity query filters and ranges, and in transaction checks. */

export interface Condition {
  property: string;
  condition: string;
  values: unknown[];
}
export type Conditions = { and?: Condition[]; or?: Condition[] };

const RANGE_CONDITIONS = new Set(['BETWEEN', 'BEGINS_WITH', 'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_EQUAL_TO']);

/** The exact same SQL text is used in CREATE INDEX and in queries so SQLite matches the expression index. */
export const attrExpr = (attr: string) => `json_extract(value, '$."${attr.replace(/["']/g, '')}"')`;
export const bindable = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined; // different types never compare
}

/** One condition against one attribute value. A missing attribute (or item) only satisfies NOT_EXISTS. */
function testCondition(actual: unknown, c: Condition): boolean {
  const [v0, v1] = c.values ?? [];
  if (c.condition === 'NOT_EXISTS') return actual === undefined || actual === null;
  if (actual === undefined || actual === null) return false;
  const cmp = compare(actual, v0);
  switch (c.condition) {
    case 'EXISTS':
      return true;
    case 'EQUAL_TO':
      return actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'GREATER_THAN':
      return cmp !== undefined && cmp > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return cmp !== undefined && cmp >= 0;
    case 'LESS_THAN':
      return cmp !== undefined && cmp < 0;
    case 'LESS_THAN_EQUAL_TO':
      return cmp !== undefined && cmp <= 0;
    case 'BETWEEN': {
      const hi = compare(actual, v1);
      return cmp !== undefined && hi !== undefined && cmp >= 0 && hi <= 0;
    }
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'CONTAINS':
    case 'NOT_CONTAINS': {
      const has = typeof actual === 'string' ? actual.includes(String(v0)) : Array.isArray(actual) ? actual.includes(v0) : undefined;
      if (has === undefined) return false;
      return c.condition === 'CONTAINS' ? has : !has;
    }
    default:
      throw badRequest(`Unknown condition ${c.condition}`);
  }
}

export function conditionsHold(conds: Conditions | undefined, value: unknown): boolean {
  if (!conds) return true;
  const attr = (p: string) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined);
  if (conds.and && conds.or) throw badRequest('Use either "and" or "or"');
  if (conds.or) return conds.or.some((c) => testCondition(attr(c.property), c));
  return (conds.and ?? []).every((c) => testCondition(attr(c.property), c));
}

/** SQL for an index range condition, guarded by type so e.g. `> 5` never matches text (SQLite orders numbers < text). */
export function rangeSql(expr: string, c: Condition, params: unknown[]): string {
  if (!RANGE_CONDITIONS.has(c.condition)) throw badRequest(`Condition ${c.condition} is not allowed on an index range`);
  const v0 = bindable(c.values?.[0]);
  const guard = typeof v0 === 'number' ? `typeof(${expr}) IN ('integer','real')` : `typeof(${expr}) = 'text'`;
  const ops: Record<string, string> = { EQUAL_TO: '=', GREATER_THAN: '>', GREATER_THAN_EQUAL_TO: '>=', LESS_THAN: '<', LESS_THAN_EQUAL_TO: '<=' };
  if (c.condition === 'BETWEEN') {
    params.push(v0, bindable(c.values?.[1]));
    return `${guard} AND ${expr} BETWEEN ? AND ?`;
  }
  if (c.condition === 'BEGINS_WITH') {
    const prefix = String(v0);
    params.push(prefix, prefix + '\u{10FFFF}');
    return `typeof(${expr}) = 'text' AND ${expr} >= ? AND ${expr} < ?`;
  }
  params.push(v0);
  return `${guard} AND ${expr} ${ops[c.condition]} ?`;
}
