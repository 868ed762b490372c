import type { UnitCode } from './units.ts';

/**
 * Misconduct categories and where each goes. Deaths and serious injuries from police action are
 * IPOA's exclusive mandate (IPOA Act 2011, s.25; High Court 2025), with IAU informed; bribery,
 * brutality, unlawful arrest, corruption and negligence go to IAU (NPS Act s.87); sexual
 * harassment and gender-based violence to the gender and children desk.
 */
export interface MisconductCategory {
  code: string;
  /** Unit that leads the case. */
  unit: UnitCode;
  /** Units told of the case, who may read it. */
  informed: UnitCode[];
  /** Within IPOA's oversight mandate: the IPOA liaison may see such cases. */
  oversight: boolean;
  /** Its case's clocks: the first response, an update at least this often, the resolution. */
  clocks: MisconductClocks;
  /** Open311 keywords. */
  keywords: string[];
}

/** Hours of working time (the working calendar in calendar.ts) or round the clock. */
export interface ClockHours {
  hours: number;
  calendar: 'working' | 'continuous';
}

export interface MisconductClocks {
  firstResponse: ClockHours;
  update: ClockHours;
  resolution: ClockHours;
}

const working = (hours: number): ClockHours => ({ hours, calendar: 'working' });
const roundTheClock = (hours: number): ClockHours => ({ hours, calendar: 'continuous' });

/**
 * Complaints about money and service are answered within two working days; harm to a person and unlawful
 * detention within hours, round the clock. Every reporter then hears from the unit at least every working week
 * (45 working hours) and every case aims to be resolved within 60 working days.
 */
const clocksWithin = (firstResponse: ClockHours): MisconductClocks => ({
  firstResponse,
  update: working(45),
  resolution: working(540),
});

export const misconductCategories: ReadonlyArray<MisconductCategory> = [
  {
    code: 'bribery_extortion',
    unit: 'IAU',
    informed: [],
    oversight: false,
    clocks: clocksWithin(working(16)),
    keywords: ['bribe', 'extortion', 'hongo'],
  },
  {
    code: 'brutality',
    unit: 'IAU',
    informed: [],
    oversight: true,
    clocks: clocksWithin(roundTheClock(48)),
    keywords: ['brutality', 'excessive force', 'assault'],
  },
  {
    code: 'death_serious_injury',
    unit: 'IPOA',
    informed: ['IAU'],
    oversight: true,
    clocks: clocksWithin(roundTheClock(24)),
    keywords: ['death', 'killing', 'serious injury', 'shooting'],
  },
  {
    code: 'unlawful_arrest',
    unit: 'IAU',
    informed: [],
    oversight: true,
    clocks: clocksWithin(roundTheClock(48)),
    keywords: ['arrest', 'detention', 'custody'],
  },
  {
    code: 'sexual_harassment_gbv',
    unit: 'GENDER',
    informed: [],
    oversight: true,
    clocks: clocksWithin(roundTheClock(48)),
    keywords: ['sexual harassment', 'gender-based violence', 'GBV'],
  },
  {
    code: 'corruption_in_service',
    unit: 'IAU',
    informed: [],
    oversight: false,
    clocks: clocksWithin(working(16)),
    keywords: ['corruption', 'internal'],
  },
  {
    code: 'refusal_negligence',
    unit: 'IAU',
    informed: [],
    oversight: false,
    clocks: clocksWithin(working(16)),
    keywords: ['refusal', 'negligence', 'abstract', 'P3'],
  },
  { code: 'other', unit: 'IAU', informed: [], oversight: false, clocks: clocksWithin(working(16)), keywords: [] },
];

export function misconductCategory(code: string): MisconductCategory | undefined {
  return misconductCategories.find((c) => c.code === code);
}
