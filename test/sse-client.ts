import http from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
  at: number;
}

/**
 * A minimal Server-Sent Events client for tests and benchmarks (EventSource is not in Node 20):
 * keeps every event received, and can wait for one.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private request: http.ClientRequest | undefined;
  private waiters: Array<() => void> = [];
  readonly opened: Promise<number>;

  constructor(
    url: string,
    options: {
      lastEventId?: string | undefined;
      headers?: Record<string, string>;
      agent?: http.Agent;
      onEvent?: (e: SseEvent) => void;
    } = {},
  ) {
    this.opened = new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
      if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
      this.request = http.get(url, { headers, ...(options.agent ? { agent: options.agent } : {}) }, (res) => {
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const e = parseBlock(block);
            if (!e) continue;
            this.events.push(e);
            options.onEvent?.(e);
            for (const w of this.waiters.splice(0)) w();
          }
        });
        res.on('error', () => undefined);
        resolve(this.status);
      });
      this.request.on('error', reject);
    });
  }

  get lastId(): string | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.id) return this.events[i]!.id;
    return undefined;
  }

  /** Resolves with the first event (received so far or later) that matches; rejects after `ms`. */
  async waitFor(match: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching event within ${ms} ms; got ${this.events.map((e) => e.event).join(', ') || 'none'}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request?.destroy();
  }
}

function parseBlock(block: string): SseEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { ...(id ? { id } : {}), event, data: parsed, at: Date.now() };
}
