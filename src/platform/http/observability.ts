import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { isMigrated, type MigrationSource } from '../db/migrate.ts';
import type { Platform } from '../module.ts';
import { safeEqual, sha256Hex } from '../crypto/index.ts';
import { Unauthenticated } from './errors.ts';

/** /healthz (200 once the database answers and is migrated, else 503) and /metrics for Prometheus (behind METRICS_TOKEN). */
export function registerObservability(app: FastifyInstance, platform: Platform, migrations: MigrationSource[]): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'sauti_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness: the database is reachable and migrated',
        response: {
          200: Type.Object({ status: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        if (!(await isMigrated(platform.db.pool, migrations)))
          return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending' });
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
      }
    },
  );

  // With METRICS_TOKEN, /metrics answers whoever presents it as a bearer token (Prometheus's
  // `authorization` setting); without it, only a demo answers, and only to this machine.
  const { metricsToken, demo } = platform.config;
  // (described in the API document by openapi.ts: its answers are Prometheus text, not a schema)
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (metricsToken) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!given || !safeEqual(sha256Hex(given), sha256Hex(metricsToken))) {
        reply.header('www-authenticate', 'Bearer realm="sauti-metrics"');
        throw new Unauthenticated();
      }
    } else if (!demo || !fromThisMachine(request)) {
      return reply.callNotFound();
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

/** The request came from this machine, and no trusted proxy says it came from elsewhere. */
function fromThisMachine(request: FastifyRequest): boolean {
  return isLoopback(request.socket.remoteAddress) && isLoopback(request.ip);
}
