import PgBoss from 'pg-boss';
import type { Queryable } from '../db/database.ts';
import { settleJobCompletions } from './settled-completions.ts';

settleJobCompletions();

/** A kind of durable job: its queue, what it does, and (optionally) a cron schedule for it. */
export interface JobDefinition<Data extends object = Record<string, unknown>> {
  queue: string;
  run(data: Data): Promise<void>;
  /** Cron expression (minute granularity, UTC): the job is also sent on this schedule. */
  every?: string;
  /**
   * pg-boss's queue policy: 'singleton' runs at most one job at a time across all instances;
   * 'stately' also keeps at most one waiting (a send while one waits is dropped). Default standard.
   */
  policy?: 'singleton' | 'stately';
  /** A job running longer than this is taken for crashed and retried. Default 15 minutes. */
  expireInSeconds?: number;
  /** Once this instance works the queue (e.g. to send the first of a chain of jobs). */
  started?(): Promise<void>;
  /** When this instance stops working: give up work under way (the job is retried elsewhere). */
  stopping?(): void;
}

/** A job of any data shape (each queue has its own). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds jobs whose data differ
export type AnyJobDefinition = JobDefinition<any>;

export interface JobLog {
  error(obj: unknown, msg?: string): void;
}

/**
 * Durable jobs and timers in the database (pg-boss): a job sent inside a transaction exists only
 * if that transaction commits, survives restarts, and is picked up by whichever instance polls
 * first. Handlers must be idempotent: a job may run again after a crash mid-way.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly working: AnyJobDefinition[] = [];
  private started = false;

  constructor(connectionString: string, options: { pollSeconds?: number } = {}) {
    this.boss = new PgBoss({ connectionString, max: 10, application_name: 'sauti-jobs' });
    this.pollSeconds = options.pollSeconds ?? 2;
  }

  private readonly pollSeconds: number;
  private log: JobLog = { error: (obj, msg) => console.error(msg ?? 'job failed', obj) };

  /** Creates pg-boss's tables on first use (under its own lock) and starts its timekeeping. */
  async start(log?: JobLog): Promise<void> {
    if (log) this.log = log;
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
    await this.boss.start();
    this.started = true;
  }

  /** Creates a job's queue and keeps its schedule; done at boot, before any transaction may send to it. */
  async define(definition: AnyJobDefinition): Promise<void> {
    await this.boss.createQueue(definition.queue);
    // queues are created at setup, as standard ones: their policy and expiry are set here
    if (definition.policy || definition.expireInSeconds)
      await this.boss.updateQueue(definition.queue, {
        name: definition.queue,
        ...(definition.policy ? { policy: definition.policy } : {}),
        ...(definition.expireInSeconds ? { expireInSeconds: definition.expireInSeconds } : {}),
      });
    this.queues.add(definition.queue);
    if (definition.every) await this.boss.schedule(definition.queue, definition.every, {}, { tz: 'UTC' });
  }

  /**
   * Creates pg-boss's schema and the queues, as the database owner: each queue is a table
   * partition, which the application role (owning nothing) could not create. Done at setup.
   */
  static async install(ownerConnectionString: string, queues: string[]): Promise<void> {
    const boss = new PgBoss({
      connectionString: ownerConnectionString,
      max: 1,
      supervise: false,
      schedule: false,
      application_name: 'sauti-setup',
    });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      for (const queue of queues) await boss.createQueue(queue);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }

  private known(queue: string): void {
    // queues are created at setup: creating one while a caller's transaction holds a connection
    // would need a second connection (and the owner's rights)
    if (!this.queues.has(queue)) throw new Error(`job queue ${queue} was not defined at boot`);
  }

  /** Runs `definition` for jobs on its queue, on this instance. */
  async work<Data extends object>(definition: JobDefinition<Data>): Promise<void> {
    this.known(definition.queue);
    await this.boss.work<Data>(
      definition.queue,
      { pollingIntervalSeconds: this.pollSeconds, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await definition.run(job.data);
          } catch (error) {
            this.log.error({ err: error, queue: definition.queue }, 'job failed; it will be retried');
            throw error;
          }
        }
      },
    );
    this.working.push(definition);
    await definition.started?.();
    // stopped while this worker was starting: what it started must stop too
    if (!this.started) definition.stopping?.();
  }

  /**
   * Sends a job from inside the caller's transaction (`client`): it exists only if that commits.
   * `startAfter` makes it a timer: a moment, or a wait in seconds from the database's now.
   */
  async sendIn(client: Queryable, queue: string, data: object, startAfter?: Date | number): Promise<void> {
    this.known(queue);
    await this.boss.send(queue, data, {
      ...(startAfter ? { startAfter } : {}),
      retryLimit: 10,
      retryDelay: 30,
      retryBackoff: true,
      db: { executeSql: (text, values) => client.query(text, values) },
    });
  }

  /** Sends a job now, outside any transaction. */
  async send(queue: string, data: object): Promise<void> {
    this.known(queue);
    await this.boss.send(queue, data, { retryLimit: 10, retryDelay: 30, retryBackoff: true });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const definition of this.working.splice(0)) definition.stopping?.();
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
