import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { isMigrated, type MigrationSource } from '../db/migrate.ts';
import type { Platform } from '../module.ts';

/** /healthz (200 once the database answers and is migrated, else 503) and /metrics for Prometheus. */
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
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }) },
      },
    },
    async (_request, reply) => {
      try {
        if (!(await isMigrated(platform.db.pool, migrations))) return reply.code(503).send({ status: 'unavailable', reason: 'migrations pending' });
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
      }
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
