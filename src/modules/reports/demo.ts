import type { Platform } from '../../platform/module.ts';
import { submitReport, type ReportInput } from './service.ts';

/** Sample reports for the demo, drawn from the kinds of complaint in the source articles. */
const samples: ReportInput[] = [
  {
    category: 'refusal_negligence',
    description:
      'After a road accident near Salama market my brother went to Salama Police Station for a police abstract and a P3 form. The officer at the desk said he must pay KSh 5,000 before the abstract is written. We were told the forms are free.',
    county: '017',
    station: 'salama',
    place: 'Report desk, Salama Police Station',
    officers: [{ name: 'Cpl. Kioko', serviceNumber: '2015-088120' }],
    anonymous: true,
  },
  {
    category: 'bribery_extortion',
    description:
      'Traffic officers at the Mtwapa checkpoint stopped our matatu and demanded KSh 1,000 to let us go without any offence being named.',
    county: '003',
    place: 'Mtwapa checkpoint, Mombasa–Malindi road',
    officers: [{ vehiclePlate: 'GKB 123A' }],
    anonymous: false,
    contactPhone: '0712345678',
  },
  {
    category: 'brutality',
    description:
      'During the curfew on Friday night officers beat a boda boda rider with batons outside Kasarani stage although he was going home before 7 pm. We have a video.',
    county: '047',
    station: 'kasarani',
    place: 'Kasarani stage',
    anonymous: true,
  },
  {
    category: 'death_serious_injury',
    description:
      'A young man was shot in the leg by police during an arrest near Buru Buru Phase 1. He is in hospital with a serious injury.',
    county: '047',
    station: 'buru-buru',
    place: 'Buru Buru Phase 1, near the shopping centre',
    anonymous: false,
    contactName: 'Wanjiku',
    contactEmail: 'wanjiku@example.org',
  },
  {
    category: 'sexual_harassment_gbv',
    description:
      'An officer at the station kept making sexual comments and asked me to meet him at night when I went to record a statement about my stolen phone.',
    county: '001',
    station: 'mombasa-central',
    anonymous: true,
  },
  // Salama stands out: abstracts and P3 forms sold at its desk, as in the IG's session
  ...[
    'The desk officer would not give me the abstract for my lost ID until I paid KSh 1,500.',
    'I was asked for KSh 5,000 for the accident abstract my insurer needs. I did not pay and have no abstract.',
    'They wanted KSh 2,000 to fill in the P3 form after I was beaten at the market.',
    'The officer said the abstract is free but typing it costs KSh 500.',
  ].map((description, i): ReportInput => ({
    category: 'bribery_extortion',
    description,
    county: '017',
    station: 'salama',
    place: 'Report desk, Salama Police Station',
    anonymous: true,
    aboutDocument: i === 2 ? 'p3' : i === 1 ? 'abstract_traffic' : 'abstract_general',
  })),
  {
    category: 'bribery_extortion',
    description: 'An officer at Wote asked for KSh 300 "for the paper" before printing my abstract.',
    county: '017',
    station: 'wote',
    anonymous: true,
    aboutDocument: 'abstract_general',
  },
];

export async function loadReportsDemo(platform: Platform): Promise<void> {
  for (const sample of samples) await submitReport(platform, sample, 'web', []);
}
