import { createHash } from 'node:crypto';
import { OneStatement } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import { inBatches, scaleDays, type ScalePlan } from '../../platform/scale/plan.ts';
import { caseIdSpan, casesOfSourceIn, STORY_STATION } from '../cases/index.ts';

/*
 * The reports behind a generated history's public complaints: one for each case the cases module opened from a
 * report, by web, SMS, USSD, Open311 or the API, most anonymous, each with a receipt code that follows it (its
 * HMAC under SAUTI_SECRET, made in SQL). Bribery reports at Salama are mostly about a free document the desk
 * charged for; elsewhere a few are. No evidence files are generated (their bytes would not exist).
 */

const BATCH_IDS = 100_000;

const channels = ['web', 'sms', 'ussd', 'open311', 'api'];
const CHANNEL_MIX = [45, 18, 17, 10, 10];
const documentKinds = ['abstract_general', 'abstract_traffic', 'p3'];
const DOCUMENT_MIX = [50, 30, 20];

/** HMAC-SHA256 as SQL, for the key the platform's hmacHex uses: the padded key's inner and outer blocks. */
function hmacBlocks(secret: string, purpose: string): { inner: Buffer; outer: Buffer } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  const inner = Buffer.from(block.map((b) => b ^ 0x36));
  const outer = Buffer.from(block.map((b) => b ^ 0x5c));
  return { inner: Buffer.concat([inner, Buffer.from(`${purpose}\0`, 'utf8')]), outer };
}

export function reportsStatement(platform: Platform, plan: ScalePlan, ids: [string, string]): OneStatement {
  const statement = new OneStatement();
  const p = (v: unknown) => statement.param(v);
  const d = new Draws(plan, scaleDays(plan, platform.config.jurisdiction.timeZone), p);
  const { inner, outer } = hmacBlocks(platform.config.secret, 'receipt');
  const cases = casesOfSourceIn(statement, 'report', ids);
  const drawn = statement.with<string>(
    'report_drawn',
    `select c.*, ${d.digits('c.id', 'receipt', 16)} as receipt,
       ${d.pick(channels, CHANNEL_MIX, 'c.id', 60)} as channel, ${d.chance('c.id', 61, 0.6)} as anonymous,
       case when ${d.chance('c.id', 62, 0.18)} then 'sw' else 'en' end as language,
       case when c.category = 'bribery_extortion' and c.station_id = '${STORY_STATION}' and ${d.chance('c.id', 63, 0.85)}
              or c.category = 'bribery_extortion' and ${d.chance('c.id', 64, 0.04)}
              or c.category = 'refusal_negligence' and ${d.chance('c.id', 65, 0.1)}
            then ${d.pick(documentKinds, DOCUMENT_MIX, 'c.id', 66)} end as about_document,
       '+2547' || ${d.digits('c.id', 'phone', 8)} as phone
     from ${cases} c offset 0`,
  );
  const inserted = statement.with<string>(
    'report_rows',
    `insert into reports (case_id, receipt_hmac, category, description, occurred_at, county_code, station_id, officers,
       anonymous, contact_name, contact_phone, channel, language, created_at, about_document)
     select id, encode(sha256(${p(outer)}::bytea || sha256(${p(inner)}::bytea || convert_to(receipt, 'UTF8'))), 'hex'),
       category, summary, date_trunc('milliseconds', opened_at - ${d.u('id', 67)} * interval '72 hours'), county_code,
       station_id, '[]'::jsonb, anonymous, null, case when anonymous then null else phone end, channel, language,
       opened_at, about_document
     from ${drawn}
     returning id`,
  );
  statement.with('report_count', `select count(*)::int as n from ${inserted}`);
  return statement;
}

async function lastReportedCase(platform: Platform): Promise<string> {
  const { rows } = await platform.db.pool.query<{ id: string }>(
    'select coalesce(max(case_id), 0)::text as id from reports',
  );
  return rows[0]!.id;
}

/** The reports hook: a report for each of the cases the public reported, in batches of case ids. */
export async function scaleReports(platform: Platform, plan: ScalePlan): Promise<void> {
  const span = await caseIdSpan(platform.db.pool, 'report');
  if (!span) return;
  // the cases reported before (the demo's) have their reports: the generated ones come after them
  const reported = BigInt(await lastReportedCase(platform)) + 1n;
  const first = BigInt(span[0]) > reported ? BigInt(span[0]) : reported;
  if (first >= BigInt(span[1])) return;
  const count = Number(BigInt(span[1]) - first);
  await inBatches(count, BATCH_IDS, async (from, to) => {
    const statement = reportsStatement(platform, plan, [String(first + BigInt(from)), String(first + BigInt(to))]);
    const done = statement.with<'n'>('reports_done', 'select 1 as n');
    await runGenerated(platform.db.pool, statement, done);
    platform.log.info({ reports: to, of: count }, 'scale: reports');
  });
}
