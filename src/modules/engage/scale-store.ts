import { engageSchedule, engageTopics } from '../../jurisdiction/kenya/index.ts';
import { OneStatement, type Relation } from '../../platform/db/statement.ts';
import type { Platform } from '../../platform/module.ts';
import { femaleNames, surnames } from '../../platform/scale/census.ts';
import { Draws, runGenerated } from '../../platform/scale/draw-store.ts';
import { inTurn, scaled, scaleDays, type ScalePlan } from '../../platform/scale/plan.ts';
import { scaleStaff } from '../../platform/scale/staff-store.ts';
import { addDays, instantAt, localDate } from '../../platform/time/index.ts';
import { caseScale, scaleCasesIn, type CaseScale, type ScaleCaseInputColumn } from '../cases/index.ts';
import {
  answerTexts,
  commitmentTexts,
  commitmentUnits,
  questionTexts,
  TOPIC_MIX,
  urgentInstructions,
} from './scale-texts.ts';

/*
 * #EngageTheIG in a generated history: a session every other Monday (the schedule's), each with questions sent
 * ahead and asked live by web, SMS, USSD and X, grouped in clusters, upvoted once per person per cluster, most
 * approved; the IG answers the heaviest clusters, promises things in some answers (kept in time, late, or still
 * open), and opens an urgent case from a few questions. Moderation decisions are not generated one by one.
 */

/** Questions over three years at national scale. */
const NATIONAL_QUESTIONS = 300_000;
const ANSWERS_PER_SESSION = 12;

const topics = Object.keys(TOPIC_MIX);
const channels = ['web', 'sms', 'ussd', 'x'];
const CHANNEL_MIX = [58, 20, 10, 12];

interface Session {
  id: string;
  startsAt: Date;
  index: number;
  questions: number;
}

/** Every other Monday at the schedule's hour from the history's first, ended before the end. */
function sessionStarts(plan: ScalePlan, zone: string): Date[] {
  const days = scaleDays(plan, zone);
  let date = days.first;
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== engageSchedule.weekday) date = addDays(date, 1);
  const starts: Date[] = [];
  const length = engageSchedule.durationMinutes * 60_000;
  for (; ; date = addDays(date, 7 * engageSchedule.intervalWeeks)) {
    const at = instantAt(date, engageSchedule.startTime, zone);
    if (at.getTime() + length >= plan.end.getTime()) break;
    starts.push(at);
  }
  return starts;
}

async function insertSessions(platform: Platform, plan: ScalePlan, zone: string): Promise<Session[]> {
  const existing = await platform.db.pool.query<{ starts_at: Date }>('select starts_at from engage_sessions');
  const taken = new Set(existing.rows.map((r) => localDate(r.starts_at, zone)));
  const starts = sessionStarts(plan, zone).filter((s) => !taken.has(localDate(s, zone)));
  if (starts.length === 0) return [];
  const { rows } = await platform.db.pool.query<{ id: string; starts_at: Date }>(
    `insert into engage_sessions (hashtag, scheduled_at, starts_at, ends_at, moderation, status, went_live_at, ended_at, created_at)
     select $1, s, s, s + $2 * interval '1 minute', 'pre', 'scheduled', s, s + $2 * interval '1 minute', s - interval '14 days'
     from unnest($3::timestamptz[]) s order by s
     returning id, starts_at`,
    [engageSchedule.hashtag, engageSchedule.durationMinutes, starts],
  );
  // later sessions hear more: the service grows as people learn of it
  const weights = rows.map((_, i) => 0.66 + (0.68 * i) / Math.max(1, rows.length - 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const total = scaled(plan, NATIONAL_QUESTIONS, rows.length);
  return rows.map((r, i) => ({
    id: r.id,
    startsAt: r.starts_at,
    index: i + 1,
    questions: Math.max(1, Math.round((total * weights[i]!) / sum)),
  }));
}

const participantId = (d: Draws, i: string) => `'scale-' || substr(encode(${d.bytes(i, 'participant')}, 'hex'), 1, 20)`;

async function insertParticipants(platform: Platform, plan: ScalePlan, zone: string, count: number): Promise<void> {
  const statement = new OneStatement();
  const d = new Draws(plan, scaleDays(plan, zone), (v) => statement.param(v));
  const rows = statement.with<string>(
    'engage_participant_rows',
    `insert into engage_participants (id, created_at)
     select ${participantId(d, 'i')}, ${d.moment('i', 100)} from generate_series(1, ${count}) i
     returning id`,
  );
  await runGenerated(platform.db.pool, statement, statement.with<'n'>('n', `select count(*)::int as n from ${rows}`));
}

const byTopic = (d: Draws, texts: Readonly<Record<string, readonly string[]>>, k: string, salt: number) =>
  `case topic ${topics.map((t) => `when '${t}' then ${d.anyOf(texts[t] ?? texts.other!, k, salt)}`).join(' ')} end`;

/** The session's questions: cluster, asker, channel, when, and whether approved; ids drawn now for the votes. */
function plannedQuestions(statement: OneStatement, d: Draws, s: Session, people: number) {
  const clusters = Math.max(1, Math.round(s.questions * 0.35));
  const k = `${s.index}::bigint * 1000000 + q`;
  const ck = `${s.index}::bigint * 1000000 + 900000 + x.c`;
  const start = `${statement.param(s.startsAt)}::timestamptz`;
  return statement.with<string>(
    'engage_question_plan',
    `select y.*, nextval('engage_questions_id_seq') as id, ${byTopic(d, questionTexts, 'y.k', 107)} as body
     from (select x.*, ${d.pick(topics, Object.values(TOPIC_MIX), ck, 101)} as topic
           from (select q, ${k} as k, floor(${clusters} * power(${d.u(k, 102)}, 2))::int as c,
                   1 + floor(${people} * power(${d.u(k, 103)}, 1.3))::int as asker,
                   case when ${d.chance(k, 104, 0.87)} then 'approved' else 'rejected' end as status,
                   ${d.pick(channels, CHANNEL_MIX, k, 105)} as channel,
                   case when ${d.chance(k, 106, 0.25)} then 'sw' else 'en' end as language,
                   case when ${d.chance(k, 108, 0.3)} then '@' || lower(${d.anyOf(femaleNames, k, 109)}) || '_' || lower(${d.anyOf(surnames, k, 110)}) end as display_name,
                   date_trunc('milliseconds', case when ${d.chance(k, 111, 0.4)}
                     then ${start} - (0.1 + 120 * power(${d.u(k, 112)}, 2)) * interval '1 hour'
                     else ${start} + 55 * ${d.u(k, 112)} * interval '1 minute' end) as created_at
                 from generate_series(1, ${s.questions}) q offset 0) x offset 0) y offset 0`,
  );
}

/** The session's clusters (ids drawn now), the upvotes (one per person per cluster) and what they add up to. */
function clustersAndVotes(statement: OneStatement, d: Draws, s: Session, people: number, questions: Relation<string>) {
  const clusters = statement.with<string>(
    'engage_cluster_plan',
    `select y.*, nextval('engage_clusters_id_seq') as cluster_id
     from (select c, topic, min(created_at) as created_at from ${questions} group by c, topic order by c) y offset 0`,
  );
  const vk = `q.k * 16 + j`;
  const votes = statement.with<string>(
    'engage_vote_plan',
    `select distinct on (v.cluster_id, v.voter) v.* from (
       select q.id as question_id, c.cluster_id, 1 + floor(${people} * ${d.u(vk, 113)})::int as voter,
         date_trunc('milliseconds', greatest(q.created_at, ${statement.param(s.startsAt)}::timestamptz)
           + 50 * ${d.u(vk, 114)} * interval '1 minute') as at
       from ${questions} q join ${clusters} c on c.c = q.c, generate_series(1, floor(12 * power(${d.u('q.k', 115)}, 4))::int) j
       where q.status = 'approved') v
     order by v.cluster_id, v.voter, v.at`,
  );
  const counted = statement.with<string>(
    'engage_cluster_counts',
    `select c.*, coalesce(a.askers, 0)::int as askers, coalesce(v.upvotes, 0)::int as upvotes
     from ${clusters} c
     left join (select q.c, count(distinct q.asker) as askers from ${questions} q where q.status = 'approved' group by q.c) a
       on a.c = c.c
     left join (select cluster_id, count(*) as upvotes from ${votes} group by cluster_id) v on v.cluster_id = c.cluster_id`,
  );
  return { clusters: counted, votes };
}

/** The IG's answers to the heaviest clusters, and what some of them promise (kept in time, late, or still open). */
function answersAndCommitments(
  statement: OneStatement,
  d: Draws,
  s: Session,
  igOffice: string,
  clusters: Relation<string>,
) {
  const end = d.end();
  const answers = statement.with<string>(
    'engage_answer_plan',
    `select y.*, nextval('engage_answers_id_seq') as answer_id, ${byTopic(d, answerTexts, 'y.cluster_id', 116)} as body,
       date_trunc('milliseconds', ${statement.param(s.startsAt)}::timestamptz + (4 + 4.5 * y.rank) * interval '1 minute') as at
     from (select c.*, row_number() over (order by c.askers + c.upvotes desc, c.c) as rank
           from ${clusters} c where c.askers > 0) y
     where y.rank <= ${ANSWERS_PER_SESSION} offset 0`,
  );
  const promised = statement.with<string>(
    'engage_commitment_plan',
    `select y.*, case when y.done_plan <= ${end} then y.done_plan end as done_at
     from (select x.*, date_trunc('milliseconds', case
                         when x.u_done < 0.55 then x.at + (x.due_at - x.at) * (0.2 + 0.75 * x.u_when)
                         when x.u_done < 0.72 then x.due_at + (1 + 29 * x.u_when) * interval '1 day' end) as done_plan
           from (select a.answer_id, a.at, ${d.pickIndex([1, 1, 1, 1, 1], 'a.answer_id', 118)} as which,
                   date_trunc('milliseconds', a.at + (14 + 46 * ${d.u('a.answer_id', 119)}) * interval '1 day') as due_at,
                   ${d.u('a.answer_id', 120)} as u_done, ${d.u('a.answer_id', 121)} as u_when
                 from ${answers} a where ${d.chance('a.answer_id', 117, 0.35)} offset 0) x offset 0) y`,
  );
  statement.with(
    'engage_answer_rows',
    `insert into engage_answers (id, session_id, cluster_id, body, actor_id, actor_label, at)
     select answer_id, ${statement.param(s.id)}::bigint, cluster_id, body, ${statement.param(igOffice)}::bigint,
       'Inspector General (generated)', at
     from ${answers}`,
  );
  statement.with(
    'engage_commitment_rows',
    `insert into engage_commitments (session_id, answer_id, body, unit_code, due_at, created_at, done_at, done_note, done_by)
     select ${statement.param(s.id)}::bigint, answer_id, (${statement.param(commitmentTexts)}::text[])[which],
       (${statement.param(commitmentUnits)}::text[])[which], due_at, at, done_at,
       case when done_at is not null then 'Done: the report was published and the station visited.' end,
       case when done_at is not null then ${statement.param(igOffice)}::bigint end
     from ${promised}`,
  );
}

/** A few approved questions the IG flagged as urgent: a case each, on a week's clock. */
function urgentCases(statement: OneStatement, d: Draws, scale: CaseScale, s: Session, questions: Relation<string>) {
  const categories = engageTopics.map((t) => `when '${t.code}' then '${t.caseCategory}'`).join(' ');
  const input = statement.with<ScaleCaseInputColumn>(
    'engage_case_input',
    `select 4000000000000000 + q.k as key, 'engage'::text as source, case q.topic ${categories} else 'other' end as category,
       null::text as county_code, null::text as station_id, null::text as walled_station_id,
       ${statement.param(s.startsAt)}::timestamptz + interval '40 minutes' as opened_at,
       ${d.anyOf(urgentInstructions, 'q.k', 122)} as title,
       ${d.anyOf(urgentInstructions, 'q.k', 122)} || chr(10) || q.body as summary, q.topic as search_terms,
       null::text as vehicle_plate, 168 as urgent_hours, 'Inspector General (generated)'::text as actor_label
     from ${questions} q where q.status = 'approved' and ${d.chance('q.k', 123, 0.0015)}`,
  );
  return scaleCasesIn(statement, scale, input);
}

function insertQuestionsIn(
  statement: OneStatement,
  d: Draws,
  s: Session,
  planned: {
    questions: Relation<string>;
    clusters: Relation<string>;
    votes: Relation<string>;
    cases: Relation<'key' | 'id' | 'reference'>;
  },
): void {
  const sid = `${statement.param(s.id)}::bigint`;
  statement.with(
    'engage_cluster_rows',
    `insert into engage_clusters (id, session_id, tokens, askers, upvotes, created_at)
     select cluster_id, ${sid}, array[topic, 'police'], askers, upvotes, created_at from ${planned.clusters}`,
  );
  statement.with(
    'engage_question_rows',
    `insert into engage_questions (id, session_id, cluster_id, participant_id, channel, display_name, body, language,
       topic, status, upvotes, case_id, case_reference, created_at)
     select q.id, ${sid}, c.cluster_id, ${participantId(d, 'q.asker')}, q.channel, q.display_name, q.body, q.language,
       q.topic, q.status, coalesce(v.n, 0)::int, k.id, k.reference, q.created_at
     from ${planned.questions} q join ${planned.clusters} c on c.c = q.c
     left join (select question_id, count(*) as n from ${planned.votes} group by question_id) v on v.question_id = q.id
     left join ${planned.cases} k on k.key = 4000000000000000 + q.k`,
  );
  statement.with(
    'engage_vote_rows',
    `insert into engage_votes (question_id, participant_id, at, cluster_id)
     select question_id, ${participantId(d, 'voter')}, at, cluster_id from ${planned.votes}`,
  );
}

/** The engage hook: the sessions of the history and everything asked and answered in them. */
export async function scaleEngage(platform: Platform, plan: ScalePlan): Promise<void> {
  const zone = platform.config.jurisdiction.timeZone;
  const sessions = await insertSessions(platform, plan, zone);
  if (sessions.length === 0) return;
  const people = Math.max(20, Math.round(sessions.reduce((n, s) => n + s.questions, 0) / 2));
  await insertParticipants(platform, plan, zone, people);
  const { igOffice } = await scaleStaff(platform.db.pool);
  const scale = await caseScale(platform, plan);
  const write = (s: Session) => async () => {
    const statement = new OneStatement();
    const d = new Draws(plan, scale.days, (v) => statement.param(v));
    const questions = plannedQuestions(statement, d, s, people);
    const { clusters, votes } = clustersAndVotes(statement, d, s, people, questions);
    const cases = urgentCases(statement, d, scale, s, questions);
    insertQuestionsIn(statement, d, s, { questions, clusters, votes, cases });
    answersAndCommitments(statement, d, s, igOffice, clusters);
    await runGenerated(
      platform.db.pool,
      statement,
      statement.with<'n'>('done', `select count(*)::int as n from ${questions}`),
    );
  };
  await inTurn(sessions.map(write));
  platform.log.info({ sessions: sessions.length }, 'scale: engage');
}
