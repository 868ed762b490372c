/**
 * bench:channels' USSD part: phones walking the report menu step by step, as Africa's Talking's gateway calls
 * (form-encoded POST, `text` growing with each input), each waiting a "think time" between steps as a person
 * does; the latency of every step is recorded. The baseline is a bare Fastify route that keeps the session's
 * text in one row (insert … on conflict update) and answers `CON …`, walked by the same phones.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import pg from 'pg';
import { listen, POOL_SIZE } from './lib.ts';

export interface Walk {
  /** inputs after the dial, in order */
  inputs: string[];
  /** inputs before those on a number's first walk (choosing the language, which is then remembered) */
  firstTime: string[];
}

export interface StepFigures {
  steps: number;
  walks: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non200: number;
  ended: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

interface WorkerAnswer {
  byStep: number[][];
  non200: number;
  ended: number;
  walks: number;
  seconds: number;
  error?: string;
}

/**
 * `phones` phones walk `walk` again and again for `seconds`, each step `thinkMs` (± half) after the last answer,
 * in a worker thread (ussd-phones.cjs); every step's latency is kept. A walk stops at a screen that is not CON.
 */
export async function walkPhones(
  callbackUrl: string,
  walk: Walk,
  options: { phones: number; seconds: number; thinkMs: number; firstNumber: number },
): Promise<StepFigures> {
  const worker = new Worker(fileURLToPath(new URL('./ussd-phones.cjs', import.meta.url)), {
    workerData: { callbackUrl, walk, options },
  });
  const [answer] = (await once(worker, 'message')) as [WorkerAnswer];
  await worker.terminate();
  if (answer.error) throw new Error(answer.error);
  const sorted = answer.byStep.flat().sort((a, b) => a - b);
  if (process.env.CHANNELS_BENCH_STEPS)
    console.log(
      answer.byStep
        .map(
          (l, i) =>
            `${i}: p99 ${Math.round(
              percentile(
                l.sort((a, b) => a - b),
                0.99,
              ),
            )}`,
        )
        .join(', '),
    );
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    steps: sorted.length,
    walks: answer.walks,
    perSecond: Math.round(sorted.length / answer.seconds),
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    non200: answer.non200,
    ended: answer.ended,
  };
}

/** The floor: Fastify + pg keeping each session's text in one row, answering CON until the walk's last step. */
export async function startUssdBaseline(databaseUrl: string, lastStep: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  pool.on('error', () => undefined);
  await pool.query(
    'create table bench_ussd (id text primary key, phone text not null, text text not null, updated_at timestamptz not null default now())',
  );
  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.post('/ussd', async (req, reply) => {
    const body = req.body as Record<string, string>;
    const text = body.text ?? '';
    await pool.query(
      `insert into bench_ussd (id, phone, text) values ($1, $2, $3)
       on conflict (id) do update set text = excluded.text, updated_at = now()`,
      [body.sessionId, body.phoneNumber, text],
    );
    const depth = text === '' ? 0 : text.split('*').length;
    return reply.type('text/plain').send(depth >= lastStep ? 'END Thank you' : `CON Step ${depth}\n1 Next\n0 Back`);
  });
  const url = await listen(app);
  return {
    url: `${url}/ussd`,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
