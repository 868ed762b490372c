import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Sauti's side in tests: records what a simulator sends to it (as `record` reads it), answers
 * each request with `reply`, and tells how many requests reached a path.
 */
export abstract class RecordingReceiver<R extends { path: string }, V> {
  readonly received: R[] = [];
  #waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  #server: Server | undefined;
  url = '';

  protected abstract record(url: URL, body: string): R;
  protected abstract reply(received: R): { status: number; contentType: string; body: string };
  /** what at() and waitFor() give of each request */
  protected abstract view(received: R): V;

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = this.record(
          new URL(request.url ?? '/', 'http://receiver'),
          Buffer.concat(chunks).toString('utf8'),
        );
        this.received.push(received);
        const answer = this.reply(received);
        response.writeHead(answer.status, { 'content-type': answer.contentType });
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

  at(path: string): V[] {
    return this.received.filter((r) => r.path === path).map((r) => this.view(r));
  }

  /** Settles once `count` requests have reached `path`. */
  waitFor(path: string, count = 1): Promise<V[]> {
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
