/*
 * What generated #EngageTheIG sessions hear and answer, by topic (jurisdiction/kenya/engage-topics.ts): a few
 * questions each, the IG's answers and what was promised in them.
 */

export const TOPIC_MIX: Readonly<Record<string, number>> = {
  bribery: 30,
  brutality: 14,
  extortion: 12,
  traffic: 16,
  welfare: 12,
  reforms: 10,
  other: 6,
};

export const questionTexts: Readonly<Record<string, readonly string[]>> = {
  bribery: [
    'Why do officers at Salama Police Station demand money before giving a police abstract? Abstracts are free.',
    'What is being done about traffic officers who take bribes at roadblocks on the highway?',
    'Officers at our station ask for kitu kidogo to record a statement. Who do we report them to?',
    'Mbona polisi wanaitisha pesa kabla ya kutoa abstract?',
  ],
  brutality: [
    'When will the officers who beat protesters last month be charged?',
    'My cousin was beaten in custody. How does IPOA follow such a case?',
    'Why are boda boda riders beaten during crackdowns instead of being booked?',
  ],
  extortion: [
    'Why does the P3 form take weeks when the officer at the desk can fill it in a day?',
    'The station refused to record my complaint. What should I do?',
  ],
  traffic: [
    'Can traffic fines be paid by M-Pesa everywhere, and how do I know the paybill is genuine?',
    'Why are matatus with no speed governors still on the road?',
    'How do I contest a traffic notice I believe is wrong?',
  ],
  welfare: [
    'When will the housing for officers in our county be improved?',
    'Are officers paid for the extra hours during elections?',
  ],
  reforms: [
    'When will the Occurrence Book be digital at every station?',
    'How will the public know that complaints against officers are acted on?',
  ],
  other: [
    'How can a community get a police post nearer to the village?',
    'Why is the emergency number not answered at night?',
  ],
};

export const answerTexts: Readonly<Record<string, readonly string[]>> = {
  bribery: [
    'Police abstracts and P3 forms are free. Any officer who asks for money will face the Internal Affairs Unit; report it at /report.',
    'Roadblocks are being reduced and body cameras issued to traffic officers; report any demand for money with the place and time.',
  ],
  brutality: ['Every death or serious injury is referred to IPOA. Officers found culpable will be charged.'],
  extortion: [
    'The station commander is directed to issue P3 forms the same day. The online request is on a 24-hour clock.',
  ],
  traffic: ['Fines are paid only to the paybill on the notice, never in cash. Check any notice at /fines/verify.'],
  welfare: ['The housing programme continues this financial year; the NPSC will publish the allocation.'],
  reforms: ['Every station will keep its Occurrence Book digitally, and anyone can check a slip at /ob/verify.'],
  other: ['The county commander will look into it and report back at the next session.'],
};

export const commitmentTexts: readonly string[] = [
  'IAU to investigate the desk at the named station and report.',
  'County commander to publish the roadblocks in the county.',
  'The Inspector General to report on body cameras for traffic officers.',
  'Station commanders to display that documents are free at every desk.',
  'DCI to report on the cases referred from this session.',
];
export const commitmentUnits = ['IAU', 'IG_OFFICE', 'DCI', 'IAU', 'IG_OFFICE'];

export const urgentInstructions: readonly string[] = [
  'Investigate the demand for money reported in this question and report within a week.',
  'Establish the facts of the assault described and refer to IPOA if a death or serious injury is involved.',
];
