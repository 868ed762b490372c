/**
 * #EngageTheIG in Kenya: the default schedule of the live sessions, the topics questions are
 * sorted into (keywords in English, Kiswahili and Sheng), and the words the duplicate finder
 * ignores or treats as the same. Names shown to people come from i18n ("engage.topic.<code>").
 */

export { engageStopWords } from './engage-stop-words.ts';

/** Every alternate Monday, 11:00 to noon, Nairobi time (as announced on 21 June 2020). */
export const engageSchedule = {
  hashtag: '#EngageTheIG',
  /** ISO weekday the first date is suggested on (1 = Monday). */
  weekday: 1,
  startTime: '11:00',
  durationMinutes: 60,
  intervalWeeks: 2,
  /** Concrete sessions kept generated ahead of time. */
  ahead: 6,
} as const;

export interface EngageTopic {
  code: string;
  /**
   * Lower-case keywords and phrases; a phrase of several words matches those words in order.
   * A keyword ending in "*" matches any word starting with it.
   */
  keywords: string[];
  /** The misconduct category suggested when a question on this topic needs a case. */
  caseCategory: string;
}

/** In order of precedence: the topic with the most keyword hits wins, ties go to the earlier one. */
export const engageTopics: ReadonlyArray<EngageTopic> = [
  {
    code: 'bribery',
    keywords: [
      'bribe*',
      'hongo',
      'rushwa',
      'kitu kidogo',
      'chai',
      'corrupt*',
      'ufisadi',
      'kickback*',
      'toa kitu',
      'kuhonga',
      'wanahonga',
      'kula rushwa',
      'wanaitisha pesa',
      'kuitisha pesa',
      'wanadai pesa',
      'kudai pesa',
    ],
    caseCategory: 'bribery_extortion',
  },
  {
    code: 'brutality',
    keywords: [
      'brutal*',
      'killed',
      'kill*',
      'shot',
      'shoot*',
      'beat*',
      'beaten',
      'tear gas',
      'excessive force',
      'extrajudicial',
      'extra judicial',
      'murder*',
      'ukatili',
      'kuua',
      'waliua',
      'wameua',
      'aliuawa',
      'kupiga',
      'walipiga',
      'risasi',
      'kichapo',
      'torture*',
      'mateso',
    ],
    caseCategory: 'brutality',
  },
  {
    code: 'extortion',
    keywords: [
      'abstract*',
      'p3',
      'pay for',
      'paid for',
      'extort*',
      'station*',
      'ob number',
      'cash bail',
      'bond',
      'statement*',
      'kulipa',
      'kulipishwa',
      'kituo',
      'kituoni',
      'fomu ya p3',
      'taarifa',
      'kuandikisha',
      'dhamana',
    ],
    caseCategory: 'refusal_negligence',
  },
  {
    code: 'traffic',
    keywords: [
      'traffic',
      'matatu*',
      'fine*',
      'speed*',
      'licen*',
      'trafiki',
      'faini',
      'roadblock*',
      'checkpoint*',
      'boda',
      'bodaboda',
      'nduthi',
      'mpesa fine*',
      'driver*',
      'dereva',
      'barabara',
      'ntsa',
      'instant fine*',
      'kizuizi',
    ],
    caseCategory: 'bribery_extortion',
  },
  {
    code: 'welfare',
    keywords: [
      'welfare',
      'salary',
      'salaries',
      'pay rise',
      'promotion*',
      'suicide',
      'mental',
      'stress*',
      'housing',
      'leave',
      'transfer*',
      'counsel*',
      'psychosocial',
      'ustawi',
      'mshahara',
      'mishahara',
      'kupandishwa cheo',
      'cheo',
      'kujiua',
      'afya ya akili',
      'msongo',
      'nyumba za polisi',
      'resign*',
    ],
    caseCategory: 'other',
  },
  {
    code: 'reforms',
    keywords: [
      'digital ob',
      'occurrence book',
      'paperless',
      'body camera*',
      'body cam*',
      'bodycam*',
      'reform*',
      'retrain*',
      'training',
      'digitis*',
      'digitiz*',
      'mageuzi',
      'marekebisho',
      'kamera',
      'mafunzo',
      'kidijitali',
    ],
    caseCategory: 'other',
  },
];

/** The topic of questions no keyword places. */
export const otherTopic = 'other';

/**
 * Words that mean the same thing for the purpose of finding duplicate questions, mapped to one
 * form. Applied after lower-casing and the light English suffix trimming (so "officers" arrives
 * as "officer", "asking" as "ask").
 */
export const engageSynonyms: Readonly<Record<string, string>> = {
  // the police
  officer: 'police',
  cop: 'police',
  polisi: 'police',
  askari: 'police',
  afisa: 'police',
  maafisa: 'police',
  karao: 'police',
  sanse: 'police',
  policeman: 'police',
  policemen: 'police',
  // asking for money
  demand: 'ask',
  request: 'ask',
  want: 'ask',
  charge: 'ask',
  wanaitisha: 'ask',
  kuitisha: 'ask',
  wanadai: 'ask',
  kudai: 'ask',
  anadai: 'ask',
  wanaomba: 'ask',
  anaomba: 'ask',
  kuomba: 'ask',
  require: 'ask',
  extort: 'ask',
  ask: 'ask',
  money: 'money',
  cash: 'money',
  pesa: 'money',
  ksh: 'money',
  kes: 'money',
  shilling: 'money',
  shillings: 'money',
  doh: 'money',
  mullah: 'money',
  bob: 'money',
  bribe: 'money',
  hongo: 'money',
  rushwa: 'money',
  chai: 'money',
  fee: 'money',
  pay: 'money',
  paid: 'money',
  kulipa: 'money',
  malipo: 'money',
  // giving a document
  give: 'give',
  issue: 'give',
  kutoa: 'give',
  kupewa: 'give',
  wanatoa: 'give',
  provide: 'give',
  obtain: 'give',
  receive: 'give',
  abstract: 'abstract',
  abstrakti: 'abstract',
  // cameras
  cam: 'camera',
  cameras: 'camera',
  bodycam: 'camera',
  kamera: 'camera',
  mwili: 'body',
  // killings and beatings
  kill: 'kill',
  killing: 'kill',
  murder: 'kill',
  kuua: 'kill',
  waliua: 'kill',
  wameua: 'kill',
  aliuawa: 'kill',
  shoot: 'kill',
  shot: 'kill',
  risasi: 'kill',
  beat: 'beat',
  beaten: 'beat',
  kupiga: 'beat',
  walipiga: 'beat',
  kichapo: 'beat',
  brutality: 'brutality',
  ukatili: 'brutality',
  // welfare
  salary: 'salary',
  mshahara: 'salary',
  mishahara: 'salary',
  wage: 'salary',
  ustawi: 'welfare',
  suicide: 'suicide',
  kujiua: 'suicide',
  // traffic
  trafiki: 'traffic',
  faini: 'fine',
  matatu: 'matatu',
  dereva: 'driver',
  leseni: 'licence',
  license: 'licence',
  // the station
  kituo: 'station',
  kituoni: 'station',
  // recording a statement
  taarifa: 'statement',
  kuandika: 'record',
  kuandikisha: 'record',
  kuandikiwa: 'record',
  andika: 'record',
  write: 'record',
};
