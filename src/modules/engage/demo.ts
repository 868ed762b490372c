import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { findUserByUsername } from '../../platform/auth/service.ts';
import { toActor } from '../../platform/auth/store.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Platform } from '../../platform/module.ts';
import { addDays, DAY_MS, localDate, localTime, weekday } from './schedule.ts';
import * as engage from './service.ts';
import * as store from './store.ts';

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

async function ask(platform: Platform, sessionId: string, q: DemoQuestion, at: Date): Promise<engage.AskedQuestion> {
  return engage.askQuestion(
    platform,
    randomToken(16),
    sessionId,
    { question: q.text, name: q.name, language: q.language },
    'web',
    at,
  );
}

async function votes(platform: Platform, questionId: string, n: number, at: Date): Promise<void> {
  for (let i = 0; i < n; i++) await engage.upvote(platform, randomToken(16), questionId, at);
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
  const zone = jurisdiction.timeZone;

  // The last Monday whose 11:00-12:00 session is over; the series starts the Monday a week before it.
  const today = localDate(now, zone);
  let monday = addDays(today, -((weekday(today) + 6) % 7));
  if (monday === today && localTime(now, zone) < '12:00') monday = addDays(monday, -7);
  const firstDate = addDays(monday, -7);
  await engage.createSeries(
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

  const { coming, past } = await store.listSessionsAround(platform.db.pool, now, 2, 1);
  const ended = past[0];
  const next = coming[0];
  if (!ended || !next) return;

  // The session that has ended: questions, moderation, answers, an urgent case, commitments.
  const during = (minutes: number) => new Date(ended.starts_at.getTime() + minutes * 60_000);
  const salama = await ask(
    platform,
    ended.id,
    {
      text: 'Why do officers at Salama Police Station demand KSh 5,000 before giving a police abstract? Abstracts are free.',
      name: '@wanjiku_k',
      language: 'en',
      votes: 6,
    },
    during(-90),
  );
  const salama2 = await ask(
    platform,
    ended.id,
    { text: 'Salama police are asking for money before giving the abstract. Who will stop this?', language: 'en' },
    during(-30),
  );
  const salama3 = await ask(
    platform,
    ended.id,
    { text: 'Polisi wa Salama wanaitisha pesa kabla ya kutoa abstract. Hii ni haki?', name: 'Mwende', language: 'sw' },
    during(5),
  );
  const fines = await ask(
    platform,
    ended.id,
    { text: 'When will traffic fines be paid by M-Pesa instead of cash to officers?', language: 'en' },
    during(8),
  );
  const fines2 = await ask(
    platform,
    ended.id,
    {
      text: 'Traffic officers should not take cash fines. When do we pay fines by M-Pesa?',
      name: 'Otieno',
      language: 'en',
    },
    during(12),
  );
  const welfare = await ask(
    platform,
    ended.id,
    {
      text: 'What is being done about police welfare and mental health? Officers are taking their own lives.',
      name: '@v_sirv',
      language: 'en',
    },
    during(15),
  );
  const ob = await ask(
    platform,
    ended.id,
    { text: 'Lini OB ya kidijitali itaanza kutumika kote nchini?', language: 'sw' },
    during(20),
  );
  const spam = await ask(
    platform,
    ended.id,
    { text: 'Follow my page for cheap phones!!! Call 0733 000 111', language: 'en' },
    during(22),
  );
  for (const q of [salama, salama2, salama3, fines, fines2, welfare, ob])
    await engage.moderateQuestion(platform, moderator, q.id, { decision: 'approve' });
  await engage.moderateQuestion(platform, moderator, spam.id, {
    decision: 'reject',
    reason: 'Advertising, not a question for the IG.',
  });
  await votes(platform, salama.id, 6, during(25));
  await votes(platform, fines.id, 3, during(26));
  await votes(platform, welfare.id, 4, during(27));

  const answerAt = (minutes: number) => during(minutes);
  await engage.setAnswering(platform, ig, ended.id, salama.clusterId, answerAt(10));
  const sessionDay = localDate(ended.starts_at, zone);
  await engage.postAnswer(
    platform,
    ig,
    ended.id,
    {
      cluster: salama.clusterId,
      answer:
        'Police abstracts and P3 forms are free. I have directed the Internal Affairs Unit to investigate the officers at Salama and report within 7 days. Do not give money to any police officer: report it to IAU.',
      commitment: 'IAU to investigate abstract fees at Salama Police Station and report to the IG',
      unit: 'IAU',
      dueDate: addDays(sessionDay, 5),
    },
    answerAt(12),
  );
  await engage.flagUrgent(platform, ig, salama.id, {
    category: 'bribery_extortion',
    unit: 'IAU',
    days: 7,
    instruction: 'IAU to act on abstract fees at Salama within 7 days',
  });
  await engage.setAnswering(platform, ig, ended.id, fines.clusterId, answerAt(20));
  const finesAnswer = await engage.postAnswer(
    platform,
    ig,
    ended.id,
    {
      cluster: fines.clusterId,
      answer:
        'We are drafting the law for paperless payment of instant fines by M-Pesa, for Parliament to approve. Never pay a fine in cash to an officer.',
      commitment: 'Send the draft law on paperless instant fines to the Attorney General',
      unit: 'IG_OFFICE',
      dueDate: addDays(sessionDay, 4),
    },
    answerAt(22),
  );
  await engage.setAnswering(platform, ig, ended.id, welfare.clusterId, answerAt(35));
  await engage.postAnswer(
    platform,
    ig,
    ended.id,
    {
      cluster: welfare.clusterId,
      answer:
        'I am doing everything possible to improve the welfare of officers and their psychosocial support. Counsellors will be available to every officer who needs them.',
      commitment: 'Open a round-the-clock counselling line for officers',
      unit: 'COUNSELLING',
      dueDate: addDays(sessionDay, 60),
    },
    answerAt(37),
  );
  await engage.setAnswering(platform, ig, ended.id, ob.clusterId, answerAt(48));
  await engage.postAnswer(
    platform,
    ig,
    ended.id,
    {
      cluster: ob.clusterId,
      answer:
        'The digital OB pilot at Kasarani was a success. We will roll it out across the country in the coming financial year.',
    },
    answerAt(50),
  );
  if (finesAnswer.commitmentId) {
    await engage.markCommitmentDone(
      platform,
      ig,
      finesAnswer.commitmentId,
      {
        note: 'The draft Traffic (Amendment) Bill allowing instant fines to be paid by M-Pesa was sent to the Attorney General.',
      },
      new Date(Math.min(now.getTime(), ended.ends_at.getTime() + 3 * DAY_MS)),
    );
  }

  // The next session: questions sent ahead, most approved, one waiting for the moderator.
  const ahead: DemoQuestion[] = [
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
  const sent: engage.AskedQuestion[] = [];
  for (const q of ahead) sent.push(await ask(platform, next.id, q, now));
  for (const [i, q] of sent.entries()) {
    if (i === sent.length - 1) continue; // left for the moderator's queue
    await engage.moderateQuestion(platform, moderator, q.id, { decision: 'approve' });
    await votes(platform, q.id, ahead[i]!.votes ?? 0, now);
  }
}
