import type pg from 'pg';
import { inTransaction, onConnection } from './database.ts';

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Most items written in one transaction. */
  maxBatch: number;
  /** Most transactions in flight at once; later arrivals wait and are written together. */
  maxConcurrent: number;
  /**
   * The writer sends one statement, atomic by itself: no BEGIN and COMMIT around it, which saves
   * two round trips per group.
   */
  oneStatement?: boolean;
}

/**
 * Group commit: writes that arrive while others are in flight share one transaction, so a burst
 * costs a few round trips and commits instead of one set per item. Nobody waits on purpose: an item
 * arriving when a slot is free is written at once. Each caller is answered only after its own
 * transaction has committed, and one bad item never fails the others (a failed group is retried
 * item by item).
 */
export class GroupCommit<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly write: (client: pg.PoolClient, items: I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions = { maxBatch: 50, maxConcurrent: 4 },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // let the requests already parsed in this turn of the event loop join the group
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.running < this.options.maxConcurrent) {
      const group = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      void this.commit(group).finally(() => {
        this.running--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  private async commit(group: Array<Pending<I, O>>): Promise<void> {
    try {
      const results = await this.run(group.map((p) => p.item));
      group.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const p of group) {
        try {
          const [result] = await this.run([p.item]);
          p.resolve(result!);
        } catch (one) {
          p.reject(one);
        }
      }
    }
  }

  private async run(items: I[]): Promise<O[]> {
    if (!this.options.oneStatement) return inTransaction(this.pool, (client) => this.write(client, items));
    return onConnection(this.pool, (client) => this.write(client, items));
  }
}
