import { ThreadClient, type ClientRequest, type ClientResponse } from './thread-client';

/** Shared by the bench sections that drive the local host over HTTP and read the pages they get. */

export type Req = Omit<ClientRequest, 'wantBody'>;
export interface Res extends ClientResponse {
  body: string;
}

/** The measuring client (bench/thread-client.ts, in a worker thread) with every response's body read. */
export class Client {
  private readonly thread = new ThreadClient();

  request(req: Req): Promise<Res> {
    return this.thread.request({ ...req, wantBody: true }) as Promise<Res>;
  }

  close(): Promise<number> {
    return this.thread.close();
  }
}

export const attr = (html: string, name: string): string | undefined => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
};
