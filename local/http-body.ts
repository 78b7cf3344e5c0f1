import type http from 'node:http';

/**
 * Reads a request body up to `limit` bytes. Past the limit the rest is still read and thrown away (up to
 * `drainLimit`), so the client finishes sending and then reads the answer instead of a reset connection;
 * the caller answers 413 and closes. Beyond `drainLimit` the socket is destroyed.
 */
/** `head`: the first `limit + 1` bytes of a body that was too large (enough for a handler to see it is over its own limit). */
export type Body = { ok: true; text: string } | { ok: false; reason: 'too-large'; head: string };

export async function readBody(req: http.IncomingMessage, limit: number, drainLimit = 64 * 1024 * 1024): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > drainLimit) {
      req.destroy();
      break;
    }
    if (size - (chunk as Buffer).length <= limit) chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  return size > limit ? { ok: false, reason: 'too-large', head: bytes.subarray(0, limit + 1).toString('utf8') } : { ok: true, text: bytes.toString('utf8') };
}
