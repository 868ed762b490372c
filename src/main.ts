import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { bootPlatform } from './platform/boot.ts';
import type { Platform } from './platform/module.ts';
import { modules } from './modules/index.ts';
import { registerPaybillUrls } from './modules/fines/index.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from './daraja-sim/run.ts';

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
  let simulator: RunningDarajaSim | undefined;
  try {
    let config = loadConfig();
    // the demo pays fines by M-Pesa against the Daraja simulator, unless a Daraja is configured
    if (config.demo && !process.env.DARAJA_BASE_URL) {
      simulator = await startDarajaSim({ port: 0 });
      Object.assign(process.env, {
        DARAJA_BASE_URL: simulator.url,
        DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
        DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
        DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
        DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
      });
      config = loadConfig();
    }
    running = await start(config, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const { platform } = running;
  if (simulator) {
    // the simulator's paybill then asks Sauti's validation and confirmation URLs, as Daraja's does
    await registerPaybillUrls(platform).catch((error: unknown) =>
      running.app.log.warn({ err: error }, 'the paybill URLs could not be registered with the simulator'),
    );
    running.app.log.info(`M-Pesa payments go to the Daraja simulator at ${simulator.url} (demo)`);
  }
  running.app.log.info(
    `Sauti is serving at ${platform.config.publicUrl} (${platform.db.kind === 'embedded' ? `embedded database in ${platform.config.dataDir}` : 'PostgreSQL server'}${platform.config.demo ? ', demo mode' : ''})`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.app.log.info(`${signal}: closing`);
      Promise.all([running.close(), simulator?.close()]).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
