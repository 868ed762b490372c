import { createRequire } from 'node:module';

type Recorder = (this: ManagerLike, ...args: unknown[]) => Promise<unknown>;
interface ManagerLike {
  emit(event: 'error', error: unknown): boolean;
}
interface ManagerClass {
  prototype: { complete: Recorder; fail: Recorder; [settled]?: true };
}

const settled = Symbol('sauti.settledCompletions');

/**
 * pg-boss 10 records a job's completion or failure without awaiting it (its worker's onFetch). If the database
 * connection is lost at that moment the rejection has no handler, and Node ends the process. pg-boss 11 awaits
 * them but needs Node 22. Until Sauti moves, each such call is given a handler that passes the error to
 * pg-boss's 'error' event, which Sauti logs; a caller that awaits still sees the error, and the job, left
 * active, is retried when it expires.
 */
export function settleJobCompletions(): void {
  const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as ManagerClass;
  if (Manager.prototype[settled]) return;
  for (const name of ['complete', 'fail'] as const) {
    const record = Manager.prototype[name];
    Manager.prototype[name] = function (this: ManagerLike, ...args: unknown[]) {
      const recorded = record.apply(this, args);
      recorded.catch((error: unknown) => this.emit('error', error));
      return recorded;
    };
  }
  Manager.prototype[settled] = true;
}
