import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { migrationSources } from './platform/boot.ts';
import { registerAuth } from './platform/auth/plugin.ts';
import { registerObservability } from './platform/http/observability.ts';
import { registerApiDocs, serveApiDocs } from './platform/http/openapi.ts';
import { mountRoutes } from './platform/http/routes.ts';
import type { NavItem, Platform } from './platform/module.ts';
import type { Config } from './config.ts';
import { registerHomePages, registerWeb } from './platform/web/plugin.ts';
import { demoMailRoutes } from './platform/mail/demo-page.tsx';
import { modules } from './modules/index.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Where log lines go (default: standard output). */
  logStream?: { write(line: string): void };
}

/**
 * A client cannot hold a connection by trickling: its headers must arrive within headersMs (checked
 * every quarter of that, so a slow one is closed within about 1.25 times it) and its whole request
 * within requestMs; a connection on which nothing moves for idleMs is closed. A response may last
 * as long as it likes (event streams send a heartbeat well within idleMs), and a resumable upload
 * cut off by requestMs resumes from its last byte.
 */
function serverTimeouts(t: Platform['config']['timeouts']): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'
> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    http: {
      headersTimeout: t.headersMs,
      requestTimeout: t.requestMs,
      connectionsCheckingInterval: Math.min(5000, Math.max(100, Math.floor(t.headersMs / 4))),
    },
  };
}

/**
 * Only the proxies TRUST_PROXY names may say who the client is. Fastify no longer takes a hop
 * count itself (it cannot tell a proxy from a client that writes the header), so a count is a
 * trust function here: the connection and the n-1 hops before it are proxies, and the client is
 * the address the nth proxy saw, whatever a client wrote further left.
 */
function trustProxy(trusted: Config['trustedProxies']): NonNullable<FastifyServerOptions['trustProxy']> {
  if (typeof trusted !== 'number') return trusted;
  return (_address: string, hop: number) => hop < trusted;
}

/** Builds the whole application: platform plugins first, then each module. Does not listen. */
export async function buildApp(platform: Platform, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // No client addresses or headers in logs: an anonymous reporter must not be traceable.
      serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0] ?? '' }) },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    trustProxy: trustProxy(config.trustedProxies),
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { allErrors: true } },
    ...serverTimeouts(config.timeouts),
  });
  app.decorate('platform', platform);
  for (const warning of config.warnings) app.log.warn(warning);

  await registerApiDocs(app, config);

  const nav: NavItem[] = modules.flatMap((m) => m.nav ?? []);
  await registerWeb(app, platform, { nav });
  await registerAuth(app, platform);
  registerHomePages(
    app,
    platform,
    modules.flatMap((m) => m.home ?? []),
  );
  registerObservability(app, platform, migrationSources(modules));

  for (const m of modules) for (const plugin of m.routes ?? []) await mountRoutes(app, platform, plugin);
  if (config.demo) await mountRoutes(app, platform, demoMailRoutes);

  await serveApiDocs(app);
  return app;
}
