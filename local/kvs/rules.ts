import type { EntityDefinition } from './entities';

/**
 * What Forge's hosted storage refuses, checked by the emulator on every write (always on, in both platform
 * modes), so that a value the app would lose on a real site fails here first. Each rule names the page it rests
 * on (developer.atlassian.com/platform/forge/…); docs/storage.md lists them. Pure: no storage access.
 *
 * - "Error handling for the Key-Value Store": KEY_TOO_SHORT ("needs to be more than one character"),
 *   KEY_TOO_LONG (500 characters), INVALID_KEY (/^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/), MAX_SIZE, MAX_DEPTH.
 * - "Error handling for the Custom Entity Store": EMPTY_KEY, INVALID_KEY, KEY_TOO_LONG, MAX_SIZE, MAX_DEPTH.
 * - "KVS and Custom Entity Store limits": values up to 240 KiB, objects nested up to 31 levels, an index's range
 *   value up to 900 bytes and its partition value up to 1,700 bytes.
 * - "Custom Entity Store" (type requirements): integer 32-bit signed; float 0 or within the documented
 *   magnitude range; string not empty and with at least one non-whitespace character; the store "strictly
 *   enforces attribute types". No error code is documented for a type error or an index value: BAD_REQUEST /
 *   MAX_SIZE here.
 * - "Executing KVS transactions": at most 25 operations, each key once, 4 MB a request; batches ("Executing batch
 *   operations"): 25 keys, 4 MB.
 */
export const STORAGE_LIMITS = {
  keyMaxLength: 500,
  /** KVS keys: "needs to be more than one character". */
  kvsKeyMinLength: 2,
  valueMaxBytes: 240 * 1024,
  maxDepth: 31,
  rangeIndexMaxBytes: 900,
  partitionIndexMaxBytes: 1700,
  transactionMaxOperations: 25,
  requestMaxBytes: 4 * 1024 * 1024,
  int32: { min: -2_147_483_648, max: 2_147_483_647 },
  /** Float magnitudes (besides 0) the store keeps; the page's bounds, as DynamoDB numbers have them. */
  float: { minMagnitude: 1e-130, maxMagnitude: 1e126 },
} as const;

/** The documented codes this module answers (all with HTTP 400). */
export const RULE_CODE = {
  KEY_TOO_SHORT: 'KEY_TOO_SHORT',
  EMPTY_KEY: 'EMPTY_KEY',
  KEY_TOO_LONG: 'KEY_TOO_LONG',
  INVALID_KEY: 'INVALID_KEY',
  MAX_SIZE: 'MAX_SIZE',
  MAX_DEPTH: 'MAX_DEPTH',
  BAD_REQUEST: 'BAD_REQUEST',
} as const;

/** The error line the local host logs for every refusal (test/support/local-host.ts fails a test on one). */
export const STORAGE_REFUSED_LOG = 'Forge storage would refuse this request';

export class StorageRuleError extends Error {
  readonly status = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: string, message: string): never => {
  throw new StorageRuleError(code, message);
};

/** The documented key pattern (`\s-#` in a class is whitespace, '-' and '#'). */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

/** Where a key lives: plain KVS keys and secrets share the KVS rules; entity keys have their own codes. */
export type KeySpace = 'kvs' | 'secret' | 'entity';

export function checkKey(space: KeySpace, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) fail(space === 'entity' ? RULE_CODE.EMPTY_KEY : RULE_CODE.KEY_TOO_SHORT, 'Key cannot be empty');
  const k = key as string;
  if (space !== 'entity' && k.length < STORAGE_LIMITS.kvsKeyMinLength) fail(RULE_CODE.KEY_TOO_SHORT, 'The provided key needs to be more than one character');
  if (k.length > STORAGE_LIMITS.keyMaxLength) fail(RULE_CODE.KEY_TOO_LONG, `The provided key has exceeded the maximum ${STORAGE_LIMITS.keyMaxLength} characters`);
  if (!KEY_PATTERN.test(k)) fail(RULE_CODE.INVALID_KEY, 'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/');
}

/** Nesting levels of objects and arrays: a scalar 0, `{}` 1, `{a: {}}` 2. */
export function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) deepest = Math.max(deepest, depthOf(v));
  return 1 + deepest;
}

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
/** An indexed value's size: a string's UTF-8 bytes, any other value's JSON. */
const indexBytes = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : jsonBytes(value));

/** Size and depth of any stored value (plain, secret or entity). */
export function checkValue(value: unknown): void {
  if (value === undefined) fail(RULE_CODE.BAD_REQUEST, 'Missing value');
  const bytes = jsonBytes(value);
  if (bytes > STORAGE_LIMITS.valueMaxBytes) fail(RULE_CODE.MAX_SIZE, `The provided value (${bytes} bytes) has exceeded the maximum size limit (${STORAGE_LIMITS.valueMaxBytes} bytes)`);
  if (depthOf(value) > STORAGE_LIMITS.maxDepth) fail(RULE_CODE.MAX_DEPTH, `The provided value has exceeded the maximum object depth (${STORAGE_LIMITS.maxDepth})`);
}

/** Why a value does not fit a declared attribute type, or undefined when it fits. */
export function typeProblem(type: string, v: unknown): string | undefined {
  switch (type) {
    case 'string':
      if (typeof v !== 'string') return 'must be a string';
      return /\S/.test(v) ? undefined : 'must not be empty and must contain at least one non-whitespace character';
    case 'integer':
      if (!Number.isInteger(v)) return 'must be an integer';
      return (v as number) >= STORAGE_LIMITS.int32.min && (v as number) <= STORAGE_LIMITS.int32.max ? undefined : 'must be a 32-bit signed integer';
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      const m = Math.abs(v);
      return m === 0 || (m >= STORAGE_LIMITS.float.minMagnitude && m < STORAGE_LIMITS.float.maxMagnitude) ? undefined : 'is outside the float range';
    }
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be a boolean';
    default:
      return undefined; // `any`
  }
}

/**
 * An entity value: an object whose declared attributes have their type (an absent attribute is fine; null is
 * no value of a typed attribute) and whose indexed values fit the index sizes.
 */
export function checkEntityValue(def: EntityDefinition, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(RULE_CODE.BAD_REQUEST, `Entity ${def.name} value must be an object`);
  const item = value as Record<string, unknown>;
  for (const [attr, { type }] of Object.entries(def.attributes)) {
    if (item[attr] === undefined) continue;
    if (item[attr] === null && type === 'any') continue;
    const problem = typeProblem(type, item[attr]);
    if (problem) fail(RULE_CODE.BAD_REQUEST, `Attribute ${def.name}.${attr} (${type}) ${problem}`);
  }
  for (const ix of def.indexes) {
    for (const attr of ix.range) {
      if (item[attr] !== undefined && indexBytes(item[attr]) > STORAGE_LIMITS.rangeIndexMaxBytes) {
        fail(RULE_CODE.MAX_SIZE, `Index ${def.name}.${ix.name}: the range value ${attr} exceeds ${STORAGE_LIMITS.rangeIndexMaxBytes} bytes`);
      }
    }
    const partitionBytes = (ix.partition ?? []).reduce((sum, attr) => sum + (item[attr] === undefined ? 0 : indexBytes(item[attr])), 0);
    if (partitionBytes > STORAGE_LIMITS.partitionIndexMaxBytes) {
      fail(RULE_CODE.MAX_SIZE, `Index ${def.name}.${ix.name}: the partition value exceeds ${STORAGE_LIMITS.partitionIndexMaxBytes} bytes`);
    }
  }
}

/** A transaction's or batch's size: at most 25 operations and 4 MB a request. */
export function checkMultiKeyRequest(kind: 'transaction' | 'batch', operations: number, request: unknown): void {
  if (operations > STORAGE_LIMITS.transactionMaxOperations) fail(RULE_CODE.BAD_REQUEST, `A ${kind} can contain at most ${STORAGE_LIMITS.transactionMaxOperations} operations (got ${operations})`);
  const bytes = jsonBytes(request);
  if (bytes > STORAGE_LIMITS.requestMaxBytes) fail(RULE_CODE.MAX_SIZE, `A ${kind} request can be at most 4 MB (got ${bytes} bytes)`);
}
