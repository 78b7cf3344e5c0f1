import type http from 'node:http';

/** The local host's answers: never cached (a test or a person reloading sees the current state). */
export function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export const sendJsonWith = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
export const sendJson = (res: http.ServerResponse, status: number, body: unknown) => sendJsonWith(res, status, body, {});
export const sendHtml = (res: http.ServerResponse, status: number, body: string) => send(res, status, 'text/html; charset=utf-8', body);
export const sendText = (res: http.ServerResponse, status: number, body: string) => send(res, status, 'text/plain; charset=utf-8', body);

export const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
