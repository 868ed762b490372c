import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { bootPlatform } from './platform/boot.ts';
import type { Platform } from './platform/module.ts';
import { modules } from './modules/index.ts';
import { registerPaybillUrls } from './modules/fines/index.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from './daraja-sim/run.ts';
import { AT_SIM_DEFAULTS, startAtSim, type RunningAtSim } from './at-sim/index.ts';
import { callbackUrls } from './modules/channels/index.ts';
import { startMailCapture, type RunningMailCapture } from './platform/mail/capture.ts';

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

interface DemoSimulators {
  daraja?: RunningDarajaSim;
  sms?: RunningAtSim;
  mail?: RunningMailCapture;
}

/**
 * The demo pays fines by M-Pesa against the Daraja simulator, sends its SMS to the Africa's Talking simulator and
 * its e-mail to a capture server, each started in this process unless a real service is configured; the
 * configuration then points at them.
 */
async function startDemoSimulators(config: Config): Promise<{ config: Config; sims: DemoSimulators }> {
  const sims: DemoSimulators = {};
  if (!config.demo) return { config, sims };
  if (!process.env.AT_API_URL) {
    sims.sms = await startAtSim({ port: 0 });
    Object.assign(process.env, {
      AT_API_URL: sims.sms.url,
      AT_USERNAME: AT_SIM_DEFAULTS.username,
      AT_API_KEY: AT_SIM_DEFAULTS.apiKey,
    });
  }
  if (!process.env.DARAJA_BASE_URL) {
    sims.daraja = await startDarajaSim({ port: 0 });
    Object.assign(process.env, {
      DARAJA_BASE_URL: sims.daraja.url,
      DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
      DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
      DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
      DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
    });
  }
  if (!process.env.SMTP_URL) {
    sims.mail = await startMailCapture();
    Object.assign(process.env, { SMTP_URL: sims.mail.url, MAIL_FROM: 'Sauti <no-reply@localhost>' });
  }
  return { config: sims.sms || sims.daraja || sims.mail ? loadConfig() : config, sims };
}

/** Points the simulators back at Sauti, as the real services are pointed at it once set up. */
async function connectDemoSimulators(running: Running, sims: DemoSimulators): Promise<void> {
  const { platform, app } = running;
  if (sims.daraja) {
    // the simulator's paybill then asks Sauti's validation and confirmation URLs, as Daraja's does
    await registerPaybillUrls(platform).catch((error: unknown) =>
      app.log.warn({ err: error }, 'the paybill URLs could not be registered with the simulator'),
    );
    app.log.info(`M-Pesa payments go to the Daraja simulator at ${sims.daraja.url} (demo)`);
  }
  if (sims.sms) {
    const urls = callbackUrls(platform);
    sims.sms.setDeliveryReportUrl(urls.deliveryReports);
    app.log.info(
      `SMS go to the Africa's Talking simulator at ${sims.sms.url} (demo); a feature phone: npx sauti phone --url '${urls.ussd}' --sim ${sims.sms.url} --inbox`,
    );
  }
  if (sims.mail)
    app.log.info(
      `E-mail goes to the capture server at ${sims.mail.url} (demo); read it at ${platform.config.publicUrl}/demo/mail`,
    );
}

/** Runs until SIGINT/SIGTERM, then finishes in-flight requests and closes the database. */
export async function serve(options: { migrate?: boolean } = {}): Promise<void> {
  let running: Running;
  let sims: DemoSimulators = {};
  try {
    const demo = await startDemoSimulators(loadConfig());
    sims = demo.sims;
    running = await start(demo.config, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const { platform } = running;
  await connectDemoSimulators(running, sims);
  running.app.log.info(
    `Sauti is serving at ${platform.config.publicUrl} (${platform.db.kind === 'embedded' ? `embedded database in ${platform.config.dataDir}` : 'PostgreSQL server'}${platform.config.demo ? ', demo mode' : ''})`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.app.log.info(`${signal}: closing`);
      Promise.all([running.close(), sims.daraja?.close(), sims.sms?.close(), sims.mail?.close()]).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
