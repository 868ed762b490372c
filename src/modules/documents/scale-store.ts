import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import { inBatches, scaleDays, type ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff } from '../../platform/scale/staff-store.ts';
import { caseScale, scaleCasesIn, STORY_STATION, type CaseScale, type ScaleCaseInputColumn } from '../cases/index.ts';
import { entriesForDocumentsIn, entryIdSpan } from '../ob/index.ts';
import { documentsKey } from './keys.ts';
import { WITHHELD_CATEGORY } from './escalation.ts';

/*
 * Free documents in a generated history: abstracts for losses, incidents and accidents, P3 forms for assaults and
 * injuries, asked for online with the slip's code some time after the entry. Most are issued within the
 * station's 24 hours, some late, some refused with a reason; one still unsettled a day after its due time became a
 * case for IAU (as the request clock does). Salama's desk, which sells them, issues few in time. Documents are
 * numbered per station, series and year without gaps, in the order the entries were written.
 *
 * Not generated: the QR seal's signature (seals here say they are unsigned: signing half a million documents
 * takes longer than the rest of the generator), P3 forms' Part II, and the kept PDFs (drawn at first download).
 */

const BATCH_IDS = 1_000_000;
const UNSIGNED_SEAL = 'NPS1:UNSIGNED.GENERATED.HISTORY';

const kindNames: Record<string, string> = {
  abstract_general: 'police abstract',
  abstract_traffic: 'police abstract (traffic accident)',
  p3: 'P3 form',
};
const refusals = [
  'The entry does not record a loss; a general abstract cannot be issued for it.',
  'The complainant has not recorded a statement yet.',
  'The matter is under investigation; the abstract will be issued once the file is complete.',
];

/** Which entries a document is asked for, and which: a share of losses, incidents and accidents. */
function requestedKind(d: Draws, k: string): string {
  return `case e.kind
    when 'lost_property' then case when ${d.chance(k, 50, 0.3)} then 'abstract_general' end
    when 'report' then case when ${d.u(k, 51)} < 0.04 then 'abstract_general' when ${d.u(k, 51)} < 0.07 then 'p3' end
    when 'accident' then case when ${d.u(k, 51)} < 0.35 then 'abstract_traffic' when ${d.u(k, 51)} < 0.45 then 'p3' end end`;
}

/** How long the desk took (hours), or that it refused: Salama's desk sits on them. */
function settleHours(d: Draws, k: string): string {
  const u = d.u(k, 53);
  const v = d.u(k, 54);
  return `case when e.station_id = '${STORY_STATION}'
      then case when ${u} < 0.3 then 2 + 20 * ${v} when ${u} < 0.6 then 24 + 23 * ${v} else 48 + 150 * ${v} end
      else case when ${u} < 0.7 then 0.3 + 20 * ${v} when ${u} < 0.9 then 24 + 23 * ${v} else 48 + 80 * ${v} end end`;
}

function plannedRequests(statement: OneStatement, d: Draws, ids: [string, string]): Relation<string> {
  const entries = entriesForDocumentsIn(statement, ['report', 'lost_property', 'accident'], ids);
  const end = d.end();
  return statement.with<string>(
    'document_plan',
    `select y.*, y.requested_at + interval '24 hours' as due_at, y.requested_at + interval '48 hours' as escalate_at,
       date_trunc('milliseconds', y.requested_at + y.hours * interval '1 hour') as settle_plan
     from (select e.id as entry_id, e.station_id, e.person, ${requestedKind(d, 'e.id')} as kind,
             date_trunc('milliseconds', e.recorded_at + (0.2 + 96 * power(${d.u('e.id', 52)}, 2)) * interval '1 hour') as requested_at,
             ${settleHours(d, 'e.id')} as hours, ${d.chance('e.id', 55, 0.07)} as refused,
             case when ${d.chance('e.id', 56, 0.15)} then 'sw' else 'en' end as language
           from ${entries} e offset 0) y
     where y.kind is not null and y.requested_at < ${end}`,
  );
}

/** The request clock's cases: requests still unsettled a day after they were due, opened then. */
function withheldCases(statement: OneStatement, scale: CaseScale, d: Draws, plan: Relation<string>) {
  const end = d.end();
  const input = statement.with<ScaleCaseInputColumn>(
    'document_case_input',
    `select 3000000000000000 + p.entry_id as key, 'documents'::text as source, '${WITHHELD_CATEGORY}'::text as category,
       s.county_code, p.station_id, p.station_id as walled_station_id,
       date_trunc('milliseconds', p.escalate_at + ${d.u('p.entry_id', 57)} * interval '59 seconds') as opened_at,
       'Free document not issued: ' || (${statement.param(kindNames)}::jsonb ->> p.kind) || ' at ' || s.name as title,
       'A ' || (${statement.param(kindNames)}::jsonb ->> p.kind) || ' for an entry at ' || s.name || ' was requested online at '
         || to_char(p.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
         || ' and was neither issued nor refused with a reason by its due time.' as summary,
       'refusal negligence'::text as search_terms, null::text as vehicle_plate, null::int as urgent_hours,
       'Sauti (the document request clock)'::text as actor_label
     from ${plan} p join stations s on s.id = p.station_id
     where p.escalate_at < ${end} and p.settle_plan > p.escalate_at`,
  );
  return scaleCasesIn(statement, scale, input);
}

interface Desks {
  ids: string[];
  desks: string[];
}

function insertRequests(
  statement: OneStatement,
  d: Draws,
  desks: Desks,
  plan: Relation<string>,
  cases: Relation<'key' | 'id'>,
) {
  const end = d.end();
  return statement.with<string>(
    'document_requests_rows',
    `insert into document_requests (code_hash, kind, entry_id, station_id, language, requested_at, due_at, escalate_at,
       status, settled_at, settled_by, refused_reason, case_id)
     select encode(${d.bytes('p.entry_id', 'document-request')}, 'hex'), p.kind, p.entry_id, p.station_id, p.language,
       p.requested_at, p.due_at, p.escalate_at,
       case when p.settle_plan > ${end} then 'waiting' when p.refused then 'refused' else 'issued' end,
       case when p.settle_plan <= ${end} then p.settle_plan end,
       case when p.settle_plan <= ${end} then st.desk end,
       case when p.settle_plan <= ${end} and p.refused then ${d.anyOf(refusals, 'p.entry_id', 58)} end,
       c.id
     from ${plan} p join unnest(${statement.param(desks.ids)}::text[], ${statement.param(desks.desks)}::bigint[]) as st(id, desk)
       on st.id = p.station_id
     left join ${cases} c on c.key = 3000000000000000 + p.entry_id
     returning id, entry_id, kind, station_id, status, settled_at, settled_by, language`,
  );
}

/** The documents issued, numbered per station, series and year after what each series already holds. */
function insertDocuments(
  statement: OneStatement,
  d: Draws,
  zone: string,
  kid: string,
  requests: Relation<string>,
  plan: Relation<string>,
): void {
  const numbered = statement.with<string>(
    'document_numbered',
    `select y.*, coalesce(dc.last_number, 0)
         + row_number() over (partition by y.station_id, y.series, y.year order by y.settled_at, y.id) as num
     from (select r.*, p.person, extract(year from r.settled_at at time zone '${zone}')::int as year,
             case when r.kind = 'p3' then 'P3' else 'PA' end as series
           from ${requests} r join ${plan} p on p.entry_id = r.entry_id where r.status = 'issued') y
     left join document_counters dc on dc.station_id = y.station_id and dc.kind = y.series and dc.year = y.year`,
  );
  statement.with(
    'document_rows',
    `insert into documents (number, kind, entry_id, station_id, request_id, issued_at, issued_by, language, holder_name,
       holder_salt, seal, kid)
     select series || '/' || upper(station_id) || '/' || year || '/' || num, kind, entry_id, station_id, id, settled_at,
       settled_by, language, coalesce(person, 'Holder of the entry'), substring(${d.bytes('id', 'holder-salt')} from 1 for 16),
       ${statement.param(UNSIGNED_SEAL)}, ${statement.param(kid)}
     from ${numbered}`,
  );
  statement.with(
    'document_counter_rows',
    `insert into document_counters (station_id, kind, year, last_number)
     select station_id, series, year, max(num) from ${numbered} group by station_id, series, year
     on conflict (station_id, kind, year) do update set last_number = excluded.last_number`,
  );
}

export interface DocumentsBatch {
  plan: ScalePlan;
  zone: string;
  kid: string;
  desks: Desks;
  scale: CaseScale;
}

/** The statement writing the requests (and documents, and the clock's cases) for entries with ids in [from, to). */
export function documentsStatement(
  batch: DocumentsBatch,
  ids: [string, string],
): { statement: OneStatement; done: Relation<'n'> } {
  const statement = new OneStatement();
  const d = new Draws(batch.plan, scaleDays(batch.plan, batch.zone), (v) => statement.param(v));
  const planned = plannedRequests(statement, d, ids);
  const cases = withheldCases(statement, batch.scale, d, planned);
  const requests = insertRequests(statement, d, batch.desks, planned, cases);
  insertDocuments(statement, d, batch.zone, batch.kid, requests, planned);
  return { statement, done: statement.with<'n'>('documents_done', `select count(*)::int as n from ${requests}`) };
}

/** The documents hook: requests for free documents over the book's entries, in order of the entries. */
export async function scaleDocuments(platform: Platform, plan: ScalePlan): Promise<void> {
  const span = await entryIdSpan(platform);
  if (!span) return;
  const { kid } = await documentsKey(platform);
  const { stations } = await scaleStaff(platform.db.pool);
  const desks = { ids: stations.map((s) => s.id), desks: stations.map((s) => s.desk) };
  const scale = await caseScale(platform, plan);
  const zone = platform.config.jurisdiction.timeZone;
  const first = BigInt(span[0]);
  const count = Number(BigInt(span[1]) - first);
  await inBatches(
    count,
    BATCH_IDS,
    async (from, to) => {
      const batch = { plan, zone, kid, desks, scale };
      const { statement, done } = documentsStatement(batch, [String(first + BigInt(from)), String(first + BigInt(to))]);
      await runGenerated(platform.db.pool, statement, done);
      platform.log.info({ entries: to, of: count }, 'scale: documents');
    },
    // one batch at a time: each numbers its documents after the ones before
    1,
  );
}
