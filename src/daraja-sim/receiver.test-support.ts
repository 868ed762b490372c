import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: unknown;
}

/**
 * A stand-in for Sauti's side in tests: records the JSON Daraja (the simulator) POSTs to it and answers what
 * the test says per path (by default {"ResultCode":"0","ResultDesc":"Accepted"}).
 */
export class CallbackReceiver {
  readonly received: Received[] = [];
  readonly answers = new Map<string, { status: number; body: unknown }>();
  #waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = new URL(request.url ?? '/', 'http://receiver').pathname;
        this.received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        const answer = this.answers.get(path) ?? { status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted' } };
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
        this.#waiters = this.#waiters.filter((waiter) => {
          if (!waiter.check()) return true;
          waiter.resolve();
          return false;
        });
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  at(path: string): unknown[] {
    return this.received.filter((r) => r.path === path).map((r) => r.body);
  }

  /** Settles once `count` requests have reached `path`. */
  waitFor(path: string, count = 1): Promise<unknown[]> {
    const check = () => this.at(path).length >= count;
    if (check()) return Promise.resolve(this.at(path));
    return new Promise((resolve) => this.#waiters.push({ check, resolve: () => resolve(this.at(path)) }));
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
