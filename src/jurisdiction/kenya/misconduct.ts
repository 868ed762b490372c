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
  /** Hours until the first response is due. */
  firstResponseHours: number;
  /** Open311 keywords. */
  keywords: string[];
}

export const misconductCategories: ReadonlyArray<MisconductCategory> = [
  {
    code: 'bribery_extortion',
    unit: 'IAU',
    informed: [],
    oversight: false,
    firstResponseHours: 72,
    keywords: ['bribe', 'extortion', 'hongo'],
  },
  {
    code: 'brutality',
    unit: 'IAU',
    informed: [],
    oversight: true,
    firstResponseHours: 48,
    keywords: ['brutality', 'excessive force', 'assault'],
  },
  {
    code: 'death_serious_injury',
    unit: 'IPOA',
    informed: ['IAU'],
    oversight: true,
    firstResponseHours: 24,
    keywords: ['death', 'killing', 'serious injury', 'shooting'],
  },
  {
    code: 'unlawful_arrest',
    unit: 'IAU',
    informed: [],
    oversight: true,
    firstResponseHours: 48,
    keywords: ['arrest', 'detention', 'custody'],
  },
  {
    code: 'sexual_harassment_gbv',
    unit: 'GENDER',
    informed: [],
    oversight: true,
    firstResponseHours: 48,
    keywords: ['sexual harassment', 'gender-based violence', 'GBV'],
  },
  {
    code: 'corruption_in_service',
    unit: 'IAU',
    informed: [],
    oversight: false,
    firstResponseHours: 72,
    keywords: ['corruption', 'internal'],
  },
  {
    code: 'refusal_negligence',
    unit: 'IAU',
    informed: [],
    oversight: false,
    firstResponseHours: 72,
    keywords: ['refusal', 'negligence', 'abstract', 'P3'],
  },
  { code: 'other', unit: 'IAU', informed: [], oversight: false, firstResponseHours: 72, keywords: [] },
];

export function misconductCategory(code: string): MisconductCategory | undefined {
  return misconductCategories.find((c) => c.code === code);
}
