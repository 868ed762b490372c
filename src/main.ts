import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { bootPlatform } from './platform/boot.ts';
import type { Platform } from './platform/module.ts';
import { modules } from './modules/index.ts';

export interface Running {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  close(): Promise<void>;
}

/** config -> database -> migrations -> app -> listen. */
export async function start(config: Config = loadConfig(), options: { migrate?: boolean } = {}): Promise<Running> {
  const platform = await bootPlatform(config, modules, { skipSetup: options.migrate === false });
  const app = await buildApp(platform);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    app,
    platform,
    url,
    close() {
      closing ??= (async () => {
        await app.close();
        await platform.close();
      })();
      return closing;
    },
  };
}

/** Runs until SIGINT/SIGTERM, then finishes in-flight requests and closes the database. */
export async function serve(options: { migrate?: boolean } = {}): Promise<void> {
  let running: Running;
  try {
    running = await start(loadConfig(), options);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const { platform } = running;
  running.app.log.info(
    `Sauti is serving at ${platform.config.publicUrl} (${platform.db.kind === 'embedded' ? `embedded database in ${platform.config.dataDir}` : 'PostgreSQL server'}${platform.config.demo ? ', demo mode' : ''})`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.app.log.info(`${signal}: closing`);
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
