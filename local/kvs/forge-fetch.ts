import type { SqliteKvs } from './sqlite-kvs';

/** Adapts SqliteKvs.handle() to the fetch-like function @forge/kvs calls through global.__forge_fetch__. */
export function kvsFetch(kvs: SqliteKvs): (path: string, init?: { body?: string }) => Promise<Response> {
  return async (path, init) => {
    let request: unknown;
    try {
      request = init?.body ? (JSON.parse(init.body) as unknown) : undefined;
    } catch {
      return json(400, { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
    }
    const { status, body } = kvs.handle(path, request);
    // Operations the client reads no body from (plain set, delete, transaction) get an empty 204.
    return body === undefined ? new Response(null, { status }) : json(status, body);
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
