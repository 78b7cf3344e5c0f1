import type { SqliteKvs } from './sqlite-kvs';

/**
 * What @forge/kvs reads of an answer (out/storage-api.js, out/utils/error-handling.js): `ok`, `status`,
 * `statusText`, `headers.get` and `text()`; `json()` besides. A plain object rather than a fetch `Response`: the
 * answer is already a string here, and a Response wraps it in a stream to read it back (~45 µs and a stream's
 * garbage per call on this machine, eight calls per sign-in). Same statuses, headers and bodies as before.
 */
export interface KvsAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** Adapts SqliteKvs.handle() to the fetch-like function @forge/kvs calls through global.__forge_fetch__. */
export function kvsFetch(kvs: SqliteKvs): (path: string, init?: { body?: string }) => Promise<KvsAnswer> {
  return async (path, init) => {
    let request: unknown;
    try {
      request = init?.body ? (JSON.parse(init.body) as unknown) : undefined;
    } catch {
      return answer(400, { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
    }
    const { status, body } = kvs.handle(path, request);
    // Operations the client reads no body from (plain set, delete, transaction) get an empty 204.
    return answer(status, body);
  };
}

const NO_HEADERS = new Headers();
const JSON_HEADERS = new Headers({ 'content-type': 'application/json' });

function answer(status: number, body: unknown): KvsAnswer {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: body === undefined ? NO_HEADERS : JSON_HEADERS,
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  };
}
