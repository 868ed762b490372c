import pg from 'pg';
import type { Platform, SautiModule } from '../module.ts';
import { scaled, target, type ScalePlan } from './plan.ts';
import { personName, plannedStations } from './stations.ts';
import {
  countyList,
  databaseSize,
  insertStaff,
  insertStations,
  markScale,
  openStations,
  rowCounts,
  scaleMarks,
  analyze,
  vacuumAnalyze,
  type NewStaff,
} from './staff-store.ts';

/** The database already holds a generated history (or one that stopped half-way): it is not generated twice. */
export class ScaleRefused extends Error {}

export interface ScaleStep {
  name: string;
  seconds: number;
}

export interface ScaleReport {
  steps: ScaleStep[];
  seconds: number;
  rows: Record<string, number>;
  bytes: number;
}

export interface ScaleOptions {
  /** Where progress is written, a line at a time (the command: stdout). */
  log?: (line: string) => void;
  /**
   * Analyze after each module that wrote for over a minute, and vacuum and analyze at the end, as three years of
   * autovacuum would have (on by default; both need the tables' owner, the database's owner login).
   */
  vacuum?: boolean;
}

/** The tables whose rows the report counts. */
export const reportedTables = [
  'stations',
  'users',
  'cases',
  'case_history',
  'case_subjects',
  'case_directives',
  'reports',
  'engage_sessions',
  'engage_questions',
  'engage_votes',
  'engage_answers',
  'engage_commitments',
  'ob_entries',
  'ob_entry_persons',
  'ob_custody_deadlines',
  'document_requests',
  'documents',
  'fine_notices',
  'fine_notice_offences',
  'fine_notice_events',
  'fine_payments',
  'fine_receipts',
] as const;

/** Refuses (ScaleRefused) when the database already has a generated history, finished or not. */
export async function assertNotGenerated(platform: Platform): Promise<void> {
  const marks = await scaleMarks(platform.db.pool);
  const started = marks.find((m) => m.action === 'demo.scale.started');
  if (!started) return;
  const finished = marks.some((m) => m.action === 'demo.scale.finished');
  const when = started.at.toISOString();
  throw new ScaleRefused(
    finished
      ? `This database already holds a generated history (factor ${String(started.detail.factor)}, generated ${when}); nothing was added. Generate into a new database.`
      : `A generated history was started in this database at ${when} and did not finish; nothing was added. Generate into a new database.`,
  );
}

/**
 * Fills the database with a history at the plan's scale: the platform's part first (stations up to the target,
 * spread by population, and the officers and accounts the records name), then each module's `scale` hook in
 * module order; every step timed. Refused when the database already has one.
 */
export async function runScale(
  platform: Platform,
  modules: readonly SautiModule[],
  plan: ScalePlan,
  options: ScaleOptions = {},
): Promise<ScaleReport> {
  const log = options.log ?? (() => undefined);
  await assertNotGenerated(platform);
  const began = performance.now();
  await markScale(platform.db.pool, 'demo.scale.started', describe(plan));
  log(`Generating ${describePlan(plan)}.`);
  const steps: ScaleStep[] = [];
  const step = async (name: string, run: () => Promise<void>) => {
    log(`  ${name} ...`);
    const t = performance.now();
    await run();
    const seconds = (performance.now() - t) / 1000;
    steps.push({ name, seconds });
    log(`  ${name}: ${seconds.toFixed(1)} s`);
  };
  await step('stations and staff', () => scaleStations(platform, plan));
  for (const m of modules) {
    if (!m.scale) continue;
    await step(m.name, () => m.scale!(platform, plan));
    // a module that wrote for over a minute grew its tables by millions of rows: the modules after it plan their
    // reads on fresh statistics, as autovacuum's analyze would give them (it may be off, as on this project's server)
    if (steps.at(-1)!.seconds > 60 && options.vacuum !== false)
      await step(`analyze after ${m.name}`, () => asOwner(platform, analyze));
  }
  if (options.vacuum !== false) await step('vacuum and analyze', () => asOwner(platform, vacuumAnalyze));
  const seconds = (performance.now() - began) / 1000;
  await markScale(platform.db.pool, 'demo.scale.finished', { ...describe(plan), seconds, steps });
  const rows = await rowCounts(platform.db.pool, reportedTables);
  const bytes = await databaseSize(platform.db.pool);
  log(summary({ steps, seconds, rows, bytes }));
  return { steps, seconds, rows, bytes };
}

const describe = (plan: ScalePlan) => ({
  factor: plan.factor,
  years: plan.years,
  end: plan.end.toISOString(),
  seed: plan.seed,
});

function describePlan(plan: ScalePlan): string {
  const what = plan.factor === 1 ? 'a national-scale history' : `a history at ${plan.factor} of national scale`;
  return `${what}: ${plan.years} years to ${plan.end.toISOString()}, seed ${plan.seed}`;
}

/** The report as the command prints it. */
export function summary(report: ScaleReport): string {
  const lines = ['', 'Step                      seconds'];
  for (const s of report.steps) lines.push(`${s.name.padEnd(26)}${s.seconds.toFixed(1).padStart(7)}`);
  lines.push(
    `${'total'.padEnd(26)}${report.seconds.toFixed(1).padStart(7)}`,
    '',
    'Table                          rows',
  );
  for (const [table, n] of Object.entries(report.rows)) lines.push(`${table.padEnd(24)}${String(n).padStart(11)}`);
  lines.push('', `Database size: ${(report.bytes / 1024 ** 3).toFixed(2)} GiB (${report.bytes} bytes)`);
  return lines.join('\n');
}

/** Runs `fn` on a connection of the database's owner (vacuum and analyze need the tables' owner). */
async function asOwner(platform: Platform, fn: (owner: pg.Pool) => Promise<void>): Promise<void> {
  const owner = new pg.Pool({ connectionString: platform.db.ownerConnectionString, max: 1 });
  owner.on('error', () => undefined);
  try {
    await fn(owner);
  } finally {
    await owner.end();
  }
}

/** Stations up to the target, then a desk officer, a traffic officer and a commander at each, and the national staff. */
async function scaleStations(platform: Platform, plan: ScalePlan): Promise<void> {
  const db = platform.db.pool;
  const existing = await openStations(db);
  const made = plannedStations(existing, await countyList(db), target(plan, 'stations'), plan.seed);
  if (made.length) await insertStations(db, made);
  const stations = await openStations(db);
  await insertStaff(db, [...stationStaff(stations.map((s) => s.id)), ...nationalStaff(plan)]);
}

const DUTIES = [
  { duty: 'desk', role: 'officer', rank: 'Constable' },
  { duty: 'traffic', role: 'officer', rank: 'Corporal' },
  { duty: 'ocs', role: 'station_commander', rank: 'Chief Inspector' },
] as const;

/** Three people per station, each with a service number of the roster (years 2001–2023, numbers from 700000). */
function stationStaff(stationIds: readonly string[]): NewStaff[] {
  return stationIds.flatMap((stationId, i) =>
    DUTIES.map(({ duty, role, rank }, d): NewStaff => {
      const k = i * DUTIES.length + d;
      return {
        username: `scale.${stationId}.${duty}`,
        displayName: personName(k),
        role,
        unitCode: null,
        stationId,
        serviceNumber: `${2001 + (k % 23)}-${String(700000 + k).padStart(6, '0')}`,
        rank,
      };
    }),
  );
}

/** The IG's office, a moderator, and investigators for each unit that leads cases. */
function nationalStaff(plan: ScalePlan): NewStaff[] {
  const person = (username: string, displayName: string, role: string, unitCode: string | null): NewStaff => ({
    username,
    displayName,
    role,
    unitCode,
    stationId: null,
    serviceNumber: null,
    rank: null,
  });
  const staff = [
    person('scale.ig-office', "Registry, IG's Office (generated)", 'ig_office', 'IG_OFFICE'),
    person('scale.moderator', 'Engage moderator (generated)', 'moderator', null),
  ];
  const units = [
    { unit: 'IAU', role: 'investigator', national: 80 },
    { unit: 'GENDER', role: 'investigator', national: 20 },
    { unit: 'DCI', role: 'investigator', national: 10 },
    { unit: 'IPOA', role: 'oversight_liaison', national: 15 },
  ];
  for (const { unit, role, national } of units)
    for (let i = 1; i <= scaled(plan, national, 2); i++)
      staff.push(person(`scale.${unit.toLowerCase()}.${i}`, `${personName(900 + i)} (${unit})`, role, unit));
  return staff;
}
