import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenPerClient, tooManyOpen } from '../http/client-limits.ts';
import type { Platform } from '../module.ts';

/** One Server-Sent Events message; `data` is written line by line as the format requires. */
export function sseMessage(event: string, data: unknown, id?: string): string {
  const lines = JSON.stringify(data).split('\n');
  return `${id ? `id: ${id}\n` : ''}event: ${event}\n${lines.map((l) => `data: ${l}\n`).join('')}\n`;
}

/** A comment line: keeps proxies and mobile networks from closing an idle stream. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

export interface EventStream {
  /** False once the viewer has gone (or the socket's buffer is full: a slow viewer is dropped, not waited for). */
  write(chunk: string): boolean;
  close(): void;
  onClose(listener: () => void): void;
}

/** Bytes a viewer may fall behind by before being dropped (it reconnects and resumes with Last-Event-ID). */
const MAX_BUFFERED = 256 * 1024;

/** How long a client refused for holding too many streams is asked to wait (Retry-After, seconds). */
export const STREAMS_RETRY_AFTER_SECONDS = 30;

const streamSlots = new WeakMap<Platform, OpenPerClient>();

/**
 * Takes one of the client's event-stream slots (RATE_LIMIT_STREAMS per client address), before
 * anything is subscribed: one more is refused with 429 and Retry-After. Give the slot to
 * openEventStream, which frees it when the stream closes; free it yourself (call it) if the
 * stream is never opened.
 */
export function reserveEventStream(request: FastifyRequest, reply: FastifyReply): () => void {
  const platform = request.server.platform;
  let slots = streamSlots.get(platform);
  if (!slots) {
    slots = new OpenPerClient(platform.config.rateLimits.streams);
    streamSlots.set(platform, slots);
  }
  return slots.take(request.ip) ?? tooManyOpen(reply, STREAMS_RETRY_AFTER_SECONDS);
}

/**
 * Turns the reply into an event stream (the reply is hijacked: Fastify no longer answers it).
 * `retryMs` tells the browser how long to wait before reconnecting; `slot` (from
 * reserveEventStream) is freed when the stream closes.
 */
export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  retryMs = 3000,
  slot?: () => void,
): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  raw.write(`retry: ${retryMs}\n\n`);
  raw.socket?.setNoDelay(true);
  let open = true;
  const listeners: Array<() => void> = [];
  const finish = () => {
    if (!open) return;
    open = false;
    slot?.();
    for (const l of listeners) l();
  };
  request.raw.on('close', finish);
  raw.on('close', finish);
  raw.on('error', finish);
  // the viewer may have gone while the stream was being prepared: its close event has passed
  if (raw.destroyed || request.raw.socket?.destroyed) finish();
  return {
    write(chunk) {
      if (!open) return false;
      if (raw.writableLength > MAX_BUFFERED) {
        raw.destroy();
        finish();
        return false;
      }
      raw.write(chunk);
      return true;
    },
    close() {
      if (open) raw.end();
      finish();
    },
    onClose(listener) {
      if (open) listeners.push(listener);
      else listener();
    },
  };
}

/** The Last-Event-ID a reconnecting browser sends (or `?lastEventId=` for clients that cannot set headers). */
export function lastEventId(request: FastifyRequest): string | undefined {
  const header = request.headers['last-event-id'];
  const value =
    typeof header === 'string' ? header : (request.query as { lastEventId?: string } | undefined)?.lastEventId;
  return value && /^\d{1,18}$/.test(value) ? value : undefined;
}
