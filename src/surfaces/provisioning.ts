import openapi from '../../docs/provisioning.openapi.json';
import { bearerKey, replayRetentionSec, SIGNATURE_HEADER, signatureDigest, TIMESTAMP_HEADER, verifySignature } from '../domain/provisioning/api-key';
import { problem, type Problem } from '../domain/provisioning/problems';
import { hit, type RateRule } from '../domain/rate-limit';
import { nowSec, type Deps } from '../flows/deps';
import { fingerprint } from '../forge/idempotency';
import { apiKeyLimitKey, signedCallKey } from '../forge/kvs-keys';
import type { ApiKeyRecord, ApiKeyStore, IdempotencyStore } from '../ports/provisioning';
import { routeOf, type WebTriggerRequest, type WebTriggerResponse } from './pages/http';
import { activateCustomer, deleteCustomer, findCustomers, getCustomer, patchCustomer, putCustomer, type RouteAnswer, type RouteContext } from './provisioning-routes';

/**
 * The provisioning API (web trigger `provisioning`, issue 12): a small REST API for shops and ERPs,
 * documented in docs/provisioning.openapi.json (served at `openapi.json`). Every call but the document
 * needs `Authorization: Bearer <key>`; a missing, malformed, unknown or revoked key gets the same 401
 * before anything is looked up. Errors are RFC 9457 problems; an unexpected failure answers 503, never
 * a 500 or a stack trace. Each call is logged with the key's name, method, route template and status:
 * never the key, the body or an address.
 */
export const MAX_API_BODY = 16 * 1024;
/** Calls per key per minute (the bench's 1,000 upserts + activations fit in under a minute's budget twice). */
export const API_RATE: RateRule = { limit: 3000, windowSec: 60 };
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface ProvisioningOptions {
  keys: Pick<ApiKeyStore, 'byKey' | 'signingSecret' | 'touch'>;
  idempotency: IdempotencyStore;
  wait: (ms: number) => Promise<void>;
  rate: RateRule;
}

const json = (status: number, body: unknown, type = 'application/json', extra: Record<string, string> = {}): WebTriggerResponse => ({
  statusCode: status,
  headers: { 'Content-Type': [`${type}; charset=utf-8`], 'Cache-Control': ['no-store'], 'X-Content-Type-Options': ['nosniff'], ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [v]])) },
  body: JSON.stringify(body),
});

const problemResponse = (p: Problem, extra: Record<string, string> = {}) => json(p.status, p, 'application/problem+json', extra);
const UNAUTHORIZED = () => problemResponse(problem('unauthorized'), { 'WWW-Authenticate': 'Bearer realm="portal-access"' });

type Route = { name: string; access: 'read' | 'write'; run: (ctx: RouteContext, body: Record<string, unknown>) => Promise<RouteAnswer> };

/** The route for a method and path below the trigger, 'method' when the path exists for other methods. */
function match(method: string, route: string, query: (name: string) => string | undefined): Route | 'method' | undefined {
  const parts = route.split('/');
  if (parts[0] !== 'customers') return undefined;
  if (parts.length === 1) {
    return method === 'GET' ? { name: 'GET /customers', access: 'read', run: (ctx) => findCustomers(ctx, query('email')) } : 'method';
  }
  let id: string;
  try {
    id = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  if (parts.length === 2) {
    if (method === 'GET') return { name: 'GET /customers/{externalId}', access: 'read', run: (ctx) => getCustomer(ctx, id) };
    if (method === 'PUT') return { name: 'PUT /customers/{externalId}', access: 'write', run: (ctx, body) => putCustomer(ctx, id, body) };
    if (method === 'PATCH') return { name: 'PATCH /customers/{externalId}', access: 'write', run: (ctx, body) => patchCustomer(ctx, id, body) };
    if (method === 'DELETE') return { name: 'DELETE /customers/{externalId}', access: 'write', run: (ctx) => deleteCustomer(ctx, id) };
    return 'method';
  }
  if (parts.length === 3 && parts[2] === 'activation') {
    return method === 'POST' ? { name: 'POST /customers/{externalId}/activation', access: 'write', run: (ctx) => activateCustomer(ctx, id) } : 'method';
  }
  return undefined;
}

/** The JSON object body of a write, or the problem with it (size, type, syntax). An activation may have none. */
function readBody(method: string, header: (n: string) => string | undefined, body: string): Record<string, unknown> | Problem {
  if (Buffer.byteLength(body) > MAX_API_BODY) return problem('too-large');
  if (method === 'GET' || ((method === 'POST' || method === 'DELETE') && body.trim() === '')) return {};
  const type = (header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) return problem('unsupported-media-type');
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return problem('invalid-input', { detail: 'The body must be a JSON object' });
  } catch {
    return problem('malformed-json');
  }
}

const isProblem = (v: unknown): v is Problem => typeof v === 'object' && v !== null && 'type' in v && 'status' in v && typeof (v as Problem).type === 'string' && (v as Problem).type.startsWith('urn:portal-access:problem:');

export function provisioningApi(deps: Deps, options: Partial<ProvisioningOptions> = {}) {
  const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const stores: ProvisioningOptions = { keys: deps.apiKeys, idempotency: deps.idempotency, wait, rate: API_RATE, ...options };
  /**
   * A signed call's signature covers method, path, query and body (domain/provisioning/api-key.ts), and is
   * accepted once: its digest is claimed in KVS (a write only if absent, so of parallel replays one wins) for as
   * long as its timestamp is fresh. A replay answers the same 401 as a forgery.
   */
  async function signatureHolds(
    record: ApiKeyRecord,
    method: string,
    request: WebTriggerRequest,
    header: (n: string) => string | undefined,
    now: number,
  ): Promise<boolean> {
    const secret = await stores.keys.signingSecret(record);
    const timestamp = header(TIMESTAMP_HEADER);
    const signature = header(SIGNATURE_HEADER) ?? '';
    const signed = { method, path: routeOf(request), query: request.queryParameters, body: request.body ?? '' };
    if (!secret || verifySignature(secret, { timestamp, signature }, signed, now) !== 'valid') return false;
    const digest = signatureDigest(signature);
    return digest !== undefined && (await deps.replays.firstSeen(signedCallKey(record.id, digest), replayRetentionSec(timestamp ?? '', now)));
  }

  async function handle(request: WebTriggerRequest, seen: { key?: string; route: string }): Promise<WebTriggerResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const route = routeOf(request);
    const headers = new Map<string, string>();
    for (const [name, values] of Object.entries(request.headers ?? {})) if (values?.length) headers.set(name.toLowerCase(), values[0]);
    const header = (name: string) => headers.get(name);
    if (route === 'openapi.json') {
      seen.route = 'GET /openapi.json';
      return method === 'GET' ? json(200, openapi, 'application/vnd.oai.openapi+json') : problemResponse(problem('method-not-allowed'), { Allow: 'GET' });
    }

    // Who is calling, before anything else: the same 401 for no key, a malformed, unknown or revoked one.
    const presented = bearerKey(header('authorization'));
    const record: ApiKeyRecord | undefined = presented ? await stores.keys.byKey(presented) : undefined;
    if (!record) return UNAUTHORIZED();
    seen.key = record.name;
    const body = request.body ?? '';
    const now = nowSec(deps);
    if (record.signed && !(await signatureHolds(record, method, request, header, now))) return UNAUTHORIZED();
    const limitKey = apiKeyLimitKey(record.id);
    const window = hit(await deps.limits.get(limitKey), now, stores.rate);
    const windowLeft = Math.max(1, window.next.start + stores.rate.windowSec - now);
    // Past the limit the window stays full: refused calls do not cost a write each.
    if (window.next.count <= stores.rate.limit + 1) await deps.limits.put(limitKey, window.next, windowLeft);
    if (!window.allowed) return problemResponse(problem('rate-limited'), { 'Retry-After': String(windowLeft) });
    await stores.keys.touch(record, now);

    const found = match(method, route, (name) => request.queryParameters?.[name]?.[0]);
    if (!found) return problemResponse(problem('not-found'));
    if (found === 'method') return problemResponse(problem('method-not-allowed'));
    seen.route = found.name;
    if (found.access === 'write' && record.access !== 'write') return problemResponse(problem('forbidden'));
    const parsed = readBody(method, header, body);
    if (isProblem(parsed)) return problemResponse(parsed);

    const ctx: RouteContext = { deps, source: { kind: 'api', keyName: record.name } };
    const idempotencyKey = method === 'POST' ? header('idempotency-key') : undefined;
    if (idempotencyKey === undefined) return answer(await found.run(ctx, parsed));
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return problemResponse(problem('invalid-input', { field: 'Idempotency-Key' }));
    const print = fingerprint(method, route, body);
    const claim = await stores.idempotency.claim(record.id, idempotencyKey, print, now, stores.wait);
    if (claim.kind === 'replay') return { ...json(claim.answer.status, null, claim.answer.status >= 400 ? 'application/problem+json' : 'application/json', { 'Idempotent-Replayed': 'true' }), body: claim.answer.body };
    if (claim.kind === 'mismatch') return problemResponse(problem('idempotency-mismatch'));
    if (claim.kind === 'in-progress') return problemResponse(problem('idempotency-in-progress'), { 'Retry-After': '1' });
    try {
      const result = await found.run(ctx, parsed);
      const response = answer(result);
      await stores.idempotency.complete(record.id, idempotencyKey, print, { status: response.statusCode, body: response.body }, 'status' in result ? result.customerId : undefined);
      return response;
    } catch (error) {
      await stores.idempotency.release(record.id, idempotencyKey).catch(() => undefined);
      throw error;
    }
  }

  return async (request: WebTriggerRequest): Promise<WebTriggerResponse> => {
    const started = deps.clock.nowMs();
    const seen: { key?: string; route: string } = { route: 'unknown' };
    let response: WebTriggerResponse;
    try {
      response = await handle(request, seen);
    } catch (error) {
      deps.log.error('provisioning call failed', { error: error instanceof Error ? error.name : 'unknown', code: String((error as { code?: string | number })?.code ?? '') });
      response = problemResponse(problem('unavailable'), { 'Retry-After': '5' });
    }
    deps.log.info('provisioning call', { keyName: seen.key ?? '-', route: seen.route, status: response.statusCode, ms: Math.round(deps.clock.nowMs() - started) });
    return response;
  };
}

function answer(result: RouteAnswer): WebTriggerResponse {
  if ('problem' in result) return problemResponse(result.problem);
  return result.status === 204 ? { statusCode: 204, headers: { 'Cache-Control': ['no-store'] }, body: '' } : json(result.status, result.body);
}
