import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, DAY_MS, localDate, localTime, weekday } from './schedule.ts';
import { flagUrgent } from './console/cases.ts';
import { markCommitmentDone } from './console/commitments.ts';
import { postAnswer, setAnswering } from './console/service.ts';
import { moderateQuestion } from './moderation/service.ts';
import { type AskedQuestion, askQuestion } from './questions/service.ts';
import { upvote } from './questions/votes.ts';
import { createSeries } from './schedule/series.ts';
import { listSessionsAround } from './schedule/store.ts';

async function demoActor(platform: Platform, username: string): Promise<StaffActor> {
  const row = await findUserByUsername(platform.db.pool, username);
  if (!row) throw new Error(`demo account ${username} is missing`);
  return toActor(row);
}

interface DemoQuestion {
  text: string;
  name?: string;
  language: 'en' | 'sw';
  /** How many other people upvote it. */
  votes?: number;
}

async function ask(platform: Platform, sessionId: string, q: DemoQuestion, at: Date): Promise<AskedQuestion> {
  return askQuestion(
    platform,
    randomToken(16),
    sessionId,
    { question: q.text, name: q.name, language: q.language },
    'web',
    at,
  );
}

async function votes(platform: Platform, questionId: string, n: number, at: Date): Promise<void> {
  for (let i = 0; i < n; i++) await upvote(platform, randomToken(16), questionId, at);
}

/** The ended session's questions, in the order asked, minutes from its start. */
const endedQuestions = [
  {
    key: 'salama',
    minutes: -90,
    q: {
      text: 'Why do officers at Salama Police Station demand KSh 5,000 before giving a police abstract? Abstracts are free.',
      name: '@wanjiku_k',
      language: 'en',
      votes: 6,
    },
  },
  {
    key: 'salama2',
    minutes: -30,
    q: { text: 'Salama police are asking for money before giving the abstract. Who will stop this?', language: 'en' },
  },
  {
    key: 'salama3',
    minutes: 5,
    q: {
      text: 'Polisi wa Salama wanaitisha pesa kabla ya kutoa abstract. Hii ni haki?',
      name: 'Mwende',
      language: 'sw',
    },
  },
  {
    key: 'fines',
    minutes: 8,
    q: { text: 'When will traffic fines be paid by M-Pesa instead of cash to officers?', language: 'en' },
  },
  {
    key: 'fines2',
    minutes: 12,
    q: {
      text: 'Traffic officers should not take cash fines. When do we pay fines by M-Pesa?',
      name: 'Otieno',
      language: 'en',
    },
  },
  {
    key: 'welfare',
    minutes: 15,
    q: {
      text: 'What is being done about police welfare and mental health? Officers are taking their own lives.',
      name: '@v_sirv',
      language: 'en',
    },
  },
  { key: 'ob', minutes: 20, q: { text: 'Lini OB ya kidijitali itaanza kutumika kote nchini?', language: 'sw' } },
  {
    key: 'spam',
    minutes: 22,
    q: { text: 'Follow my page for cheap phones!!! Call 0733 000 111', language: 'en' },
  },
] as const satisfies ReadonlyArray<{ key: string; minutes: number; q: DemoQuestion }>;

type EndedKey = (typeof endedQuestions)[number]['key'];

/** The IG's answers in the ended session, in order: when each was taken up and answered, and what was promised. */
const endedAnswers: Array<{
  key: EndedKey;
  answering: number;
  at: number;
  answer: string;
  commitment?: { text: string; unit: string; dueDays: number };
}> = [
  {
    key: 'salama',
    answering: 10,
    at: 12,
    answer:
      'Police abstracts and P3 forms are free. I have directed the Internal Affairs Unit to investigate the officers at Salama and report within 7 days. Do not give money to any police officer: report it to IAU.',
    commitment: {
      text: 'IAU to investigate abstract fees at Salama Police Station and report to the IG',
      unit: 'IAU',
      dueDays: 5,
    },
  },
  {
    key: 'fines',
    answering: 20,
    at: 22,
    answer:
      'We are drafting the law for paperless payment of instant fines by M-Pesa, for Parliament to approve. Never pay a fine in cash to an officer.',
    commitment: {
      text: 'Send the draft law on paperless instant fines to the Attorney General',
      unit: 'IG_OFFICE',
      dueDays: 4,
    },
  },
  {
    key: 'welfare',
    answering: 35,
    at: 37,
    answer:
      'I am doing everything possible to improve the welfare of officers and their psychosocial support. Counsellors will be available to every officer who needs them.',
    commitment: { text: 'Open a round-the-clock counselling line for officers', unit: 'COUNSELLING', dueDays: 60 },
  },
  {
    key: 'ob',
    answering: 48,
    at: 50,
    answer:
      'The digital OB pilot at Kasarani was a success. We will roll it out across the country in the coming financial year.',
  },
];

/** The next session's questions, sent ahead; the last is left for the moderator's queue. */
const aheadQuestions: DemoQuestion[] = [
  {
    text: 'Why do officers at Salama still ask for money for abstracts after the IG promised action?',
    language: 'en',
    votes: 5,
  },
  { text: 'Ni lini polisi watapewa kamera za mwili?', name: 'Baraka', language: 'sw', votes: 2 },
  { text: 'When will all police officers wear body cameras?', language: 'en', votes: 3 },
  {
    text: 'Mshahara wa maafisa wa polisi ni mdogo sana. Mtaongeza lini na kuboresha ustawi wao?',
    language: 'sw',
    votes: 4,
  },
  {
    text: 'Traffic officers on Mombasa Road took 1,000 from our matatu driver. Call me 0722 123 456.',
    name: 'Matatu owner',
    language: 'en',
    votes: 1,
  },
];

type Session = { id: string; starts_at: Date; ends_at: Date };

/** The alternate-Monday series, its first session on the Monday a week before the last one that is over. */
async function createDemoSeries(platform: Platform, ig: StaffActor, now: Date): Promise<void> {
  const zone = jurisdiction.timeZone;
  const today = localDate(now, zone);
  let monday = addDays(today, -((weekday(today) + 6) % 7));
  if (monday === today && localTime(now, zone) < '12:00') monday = addDays(monday, -7);
  const firstDate = addDays(monday, -7);
  await createSeries(
    platform,
    ig,
    {
      firstDate,
      intervalWeeks: 2,
      startTime: '11:00',
      durationMinutes: 60,
      hashtag: '#EngageTheIG',
      moderation: 'pre',
    },
    now,
  );
}

/** The ended session's questions, moderated (the advert rejected) and upvoted. */
async function askEnded(
  platform: Platform,
  moderator: StaffActor,
  ended: Session,
): Promise<Record<EndedKey, AskedQuestion>> {
  const during = (minutes: number) => new Date(ended.starts_at.getTime() + minutes * 60_000);
  const asked = {} as Record<EndedKey, AskedQuestion>;
  for (const { key, minutes, q } of endedQuestions) asked[key] = await ask(platform, ended.id, q, during(minutes));
  for (const key of ['salama', 'salama2', 'salama3', 'fines', 'fines2', 'welfare', 'ob'] as const)
    await moderateQuestion(platform, moderator, asked[key].id, { decision: 'approve' });
  await moderateQuestion(platform, moderator, asked.spam.id, {
    decision: 'reject',
    reason: 'Advertising, not a question for the IG.',
  });
  await votes(platform, asked.salama.id, 6, during(25));
  await votes(platform, asked.fines.id, 3, during(26));
  await votes(platform, asked.welfare.id, 4, during(27));
  return asked;
}

/** The IG answers four clusters, opens an urgent case and makes commitments; one of them is later done. */
async function answerEnded(
  platform: Platform,
  ig: StaffActor,
  ended: Session,
  asked: Record<EndedKey, AskedQuestion>,
  now: Date,
): Promise<void> {
  const during = (minutes: number) => new Date(ended.starts_at.getTime() + minutes * 60_000);
  const sessionDay = localDate(ended.starts_at, jurisdiction.timeZone);
  let doneLater: string | undefined;
  for (const a of endedAnswers) {
    const cluster = asked[a.key].clusterId;
    await setAnswering(platform, ig, ended.id, cluster, during(a.answering));
    const c = a.commitment;
    const given = await postAnswer(
      platform,
      ig,
      ended.id,
      {
        cluster,
        answer: a.answer,
        ...(c ? { commitment: c.text, unit: c.unit, dueDate: addDays(sessionDay, c.dueDays) } : {}),
      },
      during(a.at),
    );
    if (a.key === 'fines') doneLater = given.commitmentId;
    if (a.key === 'salama')
      await flagUrgent(platform, ig, asked.salama.id, {
        category: 'bribery_extortion',
        unit: 'IAU',
        days: 7,
        instruction: 'IAU to act on abstract fees at Salama within 7 days',
      });
  }
  if (doneLater) {
    await markCommitmentDone(
      platform,
      ig,
      doneLater,
      {
        note: 'The draft Traffic (Amendment) Bill allowing instant fines to be paid by M-Pesa was sent to the Attorney General.',
      },
      new Date(Math.min(now.getTime(), ended.ends_at.getTime() + 3 * DAY_MS)),
    );
  }
}

/**
 * The #EngageTheIG demo: an alternate-Monday series whose first session was one or two weeks ago
 * (answered questions, an urgent case, commitments overdue, open and done) and whose next session
 * is upcoming with questions sent ahead in English and Kiswahili.
 */
export async function loadEngageDemo(platform: Platform): Promise<void> {
  const moderator = await demoActor(platform, 'moderator');
  const ig = await demoActor(platform, 'ig.office');
  const now = platform.clock.now();
  await createDemoSeries(platform, ig, now);

  const { coming, past } = await listSessionsAround(platform.db.pool, now, 2, 1);
  const ended = past[0];
  const next = coming[0];
  if (!ended || !next) return;

  const asked = await askEnded(platform, moderator, ended);
  await answerEnded(platform, ig, ended, asked, now);

  const sent: AskedQuestion[] = [];
  for (const q of aheadQuestions) sent.push(await ask(platform, next.id, q, now));
  for (const [i, q] of sent.entries()) {
    if (i === sent.length - 1) continue; // left for the moderator's queue
    await moderateQuestion(platform, moderator, q.id, { decision: 'approve' });
    await votes(platform, q.id, aheadQuestions[i]!.votes ?? 0, now);
  }
}
