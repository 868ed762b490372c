/** The questions of the engage benchmark's intake: what people ask, each from its own participant. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request } from 'autocannon';
import type { buildApp } from '../src/app.ts';
import { stations } from '../src/jurisdiction/kenya/index.ts';
import { randomToken } from '../src/platform/crypto/index.ts';

type App = Awaited<ReturnType<typeof buildApp>>;

/** What people ask, in English, Kiswahili and Sheng, about the places they live. */
const askedAbout = [
  'Why do officers at {s} police station ask for money before writing an abstract?',
  'Officers at {s} demanded 500 shillings for a P3 form. Is the P3 form not free?',
  'Traffic police near {s} stop every matatu and take bribes. What will you do?',
  'My brother was beaten by police at {s} and nobody has been charged. Who do we report to?',
  'When will the digital OB reach {s} station? They still use paper and lose our reports.',
  'What is being done about the mental health of officers at {s} after the shooting?',
  'Kwa nini polisi wa {s} wanadai pesa ili kuandika ripoti ya OB?',
  'Askari wa trafiki {s} wanachukua hongo kila siku, mtafanya nini?',
  'Polisi wa {s} walimpiga kijana wetu, hatua gani itachukuliwa?',
  'Karao wa {s} wanaitisha kitu kidogo kila siku, mtasaidia aje?',
  'Will body cameras be given to officers at {s} so that brutality is recorded?',
  'Paperless fines: can I pay a traffic fine at {s} by M-Pesa instead of cash?',
  'Officers at {s} refused to record my complaint about a stolen phone. Is that allowed?',
  'A woman at {s} was harassed by an officer when reporting violence at home. What happens now?',
];

function questionTexts(): string[] {
  const texts: string[] = [];
  for (const station of stations) for (const template of askedAbout) texts.push(template.replace('{s}', station.name));
  return texts;
}

/** How many different texts are asked: each template about each station. */
export const distinctQuestions = stations.length * askedAbout.length;

/** Autocannon's request for a question: each from its own participant cookie, the texts from a file (question-request.cjs). */
export function questionRequests(app: App, sessionId: string, files: string): Request[] {
  const participants = Array.from({ length: 20_000 }, () => app.signCookie(randomToken(16)));
  writeFileSync(join(files, 'participants.json'), JSON.stringify(participants));
  writeFileSync(join(files, 'questions.json'), JSON.stringify(questionTexts()));
  process.env.SAUTI_BENCH_PARTICIPANTS = join(files, 'participants.json');
  process.env.SAUTI_BENCH_QUESTIONS = join(files, 'questions.json');
  return [
    {
      method: 'POST',
      path: `/api/engage/sessions/${sessionId}/questions`,
      headers: { 'content-type': 'application/json' },
      setupRequest: fileURLToPath(new URL('./question-request.cjs', import.meta.url)),
    },
  ];
}
