import pg from 'pg';
import type { Database } from '../db/database.ts';

export interface Watch {
  close(): Promise<void>;
}

export interface WatchOptions {
  /**: a look this often even without a notification (one lost during a reconnection). */
  safetyMs?: number;
}

/**
 * Calls `onSignal` whenever something may have been written on `channel`: on every NOTIFY from
 * any process, after every (re)connection, and every `safetyMs` besides. `onSignal` must be cheap
 * and idempotent: it is a "go and look".
 */
export function watchNotifications(
  db: Database,
  channel: string,
  onSignal: () => void,
  options: WatchOptions = {},
): Watch {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let closed = false;
  let client: pg.Client | undefined;
  // the connection being made: closing waits for it, since ending a client mid-connect may never settle
  let connecting: Promise<unknown> | undefined;
  let retryMs = 250;
  let retryTimer: NodeJS.Timeout | undefined;
  const safety = setInterval(onSignal, options.safetyMs ?? 5000);
  safety.unref();

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: db.connectionString, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === channel) onSignal();
    });
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    try {
      await (connecting = c.connect());
      await c.query(`listen ${channel}`);
      retryMs = 250;
      onSignal();
    } catch {
      reconnect(c);
    }
  };
  const reconnect = (c: pg.Client) => {
    if (closed || client !== c || retryTimer) return;
    client = undefined;
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 10_000);
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearInterval(safety);
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = undefined;
      await connecting?.catch(() => undefined);
      if (c) await c.end().catch(() => undefined);
    },
  };
}
