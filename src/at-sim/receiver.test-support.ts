import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FormReceived {
  path: string;
  query: URLSearchParams;
  fields: Record<string, string>;
}

export type FormAnswer = { status: number; body: string; type?: string };

/**
 * A stand-in for Sauti's side in tests: records the forms Africa's Talking (the simulator, the phone) POSTs to it
 * and answers what the test says per path (by default 200 and an empty body).
 */
export class FormReceiver {
  readonly received: FormReceived[] = [];
  readonly answers = new Map<string, (received: FormReceived) => FormAnswer>();
  #waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://receiver');
        const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const received = { path: url.pathname, query: url.searchParams, fields };
        this.received.push(received);
        const answer = this.answers.get(url.pathname)?.(received) ?? { status: 200, body: '' };
        response.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain' });
        response.end(answer.body);
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

  at(path: string): Array<Record<string, string>> {
    return this.received.filter((r) => r.path === path).map((r) => r.fields);
  }

  /** Settles once `count` requests have reached `path`. */
  waitFor(path: string, count = 1): Promise<Array<Record<string, string>>> {
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
