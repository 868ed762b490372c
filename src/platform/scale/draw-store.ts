import type pg from 'pg';
import type { OneStatement, Relation } from '../db/statement.ts';
import { addDays } from '../time/index.ts';
import type { ScaleDays, ScalePlan } from './plan.ts';

/*
 * Deterministic pseudo-random draws written as SQL expressions, for generators that insert millions of rows
 * with one `insert ... select ... from generate_series(...)`: each draw hashes the row's number with the plan's
 * seed and a salt naming what is drawn (hashint8extended), so the same plan gives the same rows and two draws of
 * one row are independent. Lists and weights travel as statement parameters.
 */

/** Adds a parameter to the statement being built and answers its placeholder (`OneStatement.param`). */
export type Param = (value: unknown) => string;

/** When in the week and the day something happens, as relative weights (Sunday first; hours 0–23 local time). */
export interface TimeShape {
  weekday?: readonly number[];
  hours?: readonly number[];
}

/** More at Easter and in August, most in the festive season; a quiet February. */
const MONTHS = [0.92, 0.88, 0.96, 1.03, 0.97, 0.95, 0.98, 1.04, 0.98, 1.0, 1.04, 1.26];
/** Use grows as people learn of the service: the last year has about twice the first's. */
const GROWTH_FROM = 0.66;
const GROWTH_TO = 1.34;
const EVERY_DAY = [1, 1, 1, 1, 1, 1, 1];
const WAKING_HOURS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.6, 3.8, 3.8, 3.6, 3.4, 3.4, 3.4, 3.3, 3.2, 3, 2.6, 2.2, 1.9, 1.6, 1.3,
];

const TAG = /^[a-z][a-z0-9.-]*$/;

/** Cumulative weights starting at 0, as width_bucket wants its thresholds. */
function thresholds(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('scale: weights must add up to more than nothing');
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) {
    out.push(sum / total);
    sum += w;
  }
  return out;
}

export class Draws {
  private readonly dayCache = new Map<string, number[]>();

  constructor(
    readonly plan: ScalePlan,
    readonly days: ScaleDays,
    private readonly param: Param,
  ) {}

  /** A uniform draw in [0, 1) for row `n` (any bigint expression); `salt` (0–999) names what is drawn. */
  u(n: string, salt: number): string {
    if (!Number.isInteger(salt) || salt < 0 || salt > 999) throw new RangeError('scale: a salt is 0 to 999');
    return `((hashint8extended((${n})::bigint, ${this.plan.seed * 1000 + salt}) & 9007199254740991)::float8 / 9007199254740992.0)`;
  }

  /** A whole number from 0 to count - 1. */
  below(n: string, salt: number, count: number | string): string {
    return `floor(${this.u(n, salt)} * (${count}))::int`;
  }

  /** True with probability p. */
  chance(n: string, salt: number, p: number | string): string {
    return `(${this.u(n, salt)} < (${p}))`;
  }

  /** One of the values, as likely as its weight. */
  pick(values: readonly string[], weights: readonly number[], n: string, salt: number): string {
    if (values.length !== weights.length) throw new Error('scale: one weight per value');
    return `(${this.param(values)}::text[])[${this.pickIndex(weights, n, salt)}]`;
  }

  /** A position (1-based) in a list, as likely as its weight. */
  pickIndex(weights: readonly number[], n: string, salt: number): string {
    return `width_bucket(${this.u(n, salt)}, ${this.param(thresholds(weights))}::float8[])`;
  }

  /** Any one of the values, all alike. */
  anyOf(values: readonly string[], n: string, salt: number): string {
    return `(${this.param(values)}::text[])[1 + ${this.below(n, salt, values.length)}]`;
  }

  /** 32 bytes only this plan, row and tag give (salts, hashes, codes). */
  bytes(n: string, tag: string): string {
    if (!TAG.test(tag)) throw new Error(`scale: tag ${tag}`);
    return `sha256(int8send(${this.plan.seed}::bigint) || int8send((${n})::bigint) || '\\x${Buffer.from(tag).toString('hex')}'::bytea)`;
  }

  /** `digits` decimal digits only this plan, row and tag give. */
  digits(n: string, tag: string, digits: number): string {
    const parts = Math.ceil(digits / 15);
    const pieces = Array.from(
      { length: parts },
      (_, i) =>
        `lpad(((('x' || encode(substring(${this.bytes(n, tag)} from ${1 + i * 8} for 8), 'hex'))::bit(64)::bigint & 1125899906842623) % 1000000000000000)::text, 15, '0')`,
    );
    return `substr(${pieces.join(' || ')}, 1, ${digits})`;
  }

  /** The history's first moment (its first day's midnight) and its end, as parameters. */
  start(): string {
    return `${this.param(this.days.start)}::timestamptz`;
  }

  end(): string {
    return `${this.param(this.plan.end)}::timestamptz`;
  }

  /** A day of the history (0 = the first), as likely as the season, the weekday and growth make it. */
  day(n: string, salt: number, shape: TimeShape = {}): string {
    return `(width_bucket(${this.u(n, salt)}, ${this.param(this.dayThresholds(shape))}::float8[]) - 1)`;
  }

  /** An hour of the local day (0–23), as likely as the shape's hours make it. */
  hour(n: string, salt: number, shape: TimeShape = {}): string {
    return `(${this.pickIndex(shape.hours ?? WAKING_HOURS, n, salt)} - 1)`;
  }

  /**
   * A moment of the history to the millisecond, before its end: a day (season, weekday, growth), an hour of
   * it (the shape's), a moment in that hour. One drawn past the end (on the last day) is drawn again within
   * what had passed of that day.
   */
  moment(n: string, salt: number, shape: TimeShape = {}): string {
    const raw = `(${this.start()} + ((${this.day(n, salt, shape)} * 86400000::bigint + ${this.hour(n, salt + 1, shape)} * 3600000 + floor(${this.u(n, salt + 2)} * 3600000)::bigint) * interval '1 millisecond'))`;
    const lastDay = `${this.param(new Date(this.days.start.getTime() + (this.days.count - 1) * 86_400_000))}::timestamptz`;
    return `(case when ${raw} < ${this.end()} then ${raw} else date_trunc('milliseconds', ${this.end()} - (${this.end()} - ${lastDay}) * ${this.u(n, salt + 3)}) end)`;
  }

  /** Day weights (cumulative): season by month, the weekday, growth over the years; the last day by what had passed of it. */
  private dayThresholds(shape: TimeShape): number[] {
    const weekday = shape.weekday ?? EVERY_DAY;
    const key = weekday.join(',');
    let cached = this.dayCache.get(key);
    if (cached) return cached;
    const { count, first, start } = this.days;
    const weights = Array.from({ length: count }, (_, i) => {
      const date = addDays(first, i);
      const month = Number(date.slice(5, 7)) - 1;
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      const growth = GROWTH_FROM + ((GROWTH_TO - GROWTH_FROM) * i) / Math.max(1, count - 1);
      return MONTHS[month]! * weekday[dow]! * growth;
    });
    const lastStart = start.getTime() + (count - 1) * 86_400_000;
    const passed = Math.min(1, Math.max(0.01, (this.plan.end.getTime() - lastStart) / 86_400_000));
    weights[count - 1] = weights[count - 1]! * passed;
    cached = thresholds(weights);
    this.dayCache.set(key, cached);
    return cached;
  }
}

/** The season's weight of each day of the history (mean about 1): what the OB's daily counts follow. */
export function seasonOf(days: ScaleDays): number[] {
  return Array.from({ length: days.count }, (_, i) => {
    const month = Number(addDays(days.first, i).slice(5, 7)) - 1;
    const growth = GROWTH_FROM + ((GROWTH_TO - GROWTH_FROM) * i) / Math.max(1, days.count - 1);
    return MONTHS[month]! * growth;
  });
}

/**
 * Runs a generator's statement in its own transaction, planned for its own parameters, without JIT and without
 * nested loops: the planner takes a million-row insert for costly enough to compile (compiling its long
 * expressions takes longer than running them), and tables that grew by millions since they were last analysed
 * look nearly empty to it, so it would join two large steps row by row. Lookups by index are written as
 * subqueries, which this leaves alone. Its commit need not wait for the disk (a failed generation is started
 * again anyway).
 */
export async function runGenerated(pool: pg.Pool, statement: OneStatement, result: Relation<'n'>): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      'set local jit = off; set local enable_nestloop = off; set local plan_cache_mode = force_custom_plan; ' +
        "set local work_mem = '64MB'; set local synchronous_commit = off",
    );
    const rows = await statement.run<{ n: number }, 'n'>(client, result, ['n']);
    await client.query('commit');
    return Number(rows[0]?.n ?? 0);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
