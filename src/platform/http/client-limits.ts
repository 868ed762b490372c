import type { FastifyReply } from 'fastify';
import { DomainError } from './errors.ts';

/**
 * What one client may hold open at once (event streams, unfinished uploads), counted by the
 * address Fastify computes for the request (`request.ip`, which honours TRUST_PROXY). Addresses
 * are held in memory only while something of theirs is open, and never logged. Counted per
 * process, like the rate limits.
 */
export class OpenPerClient {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /**
   * Takes one of the client's slots, or returns undefined when it already holds `max`. The
   * function returned frees the slot; calling it again does nothing.
   */
  take(client: string): (() => void) | undefined {
    const held = this.open.get(client) ?? 0;
    if (held >= this.max) return undefined;
    this.open.set(client, held + 1);
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    };
  }

  /** How many slots the client holds. */
  held(client: string): number {
    return this.open.get(client) ?? 0;
  }

  /** Clients holding at least one slot. */
  get clients(): number {
    return this.open.size;
  }
}

/**
 * Refuses a request because its client already holds too much open: 429 with Retry-After, shown
 * like any other "too many requests" (a page or JSON, translated).
 */
export function tooManyOpen(reply: FastifyReply, retryAfterSeconds: number): never {
  reply.header('retry-after', String(retryAfterSeconds));
  throw new DomainError(429, 'too_many_requests', 'too many open at once from this address');
}
