/*
 * What generated Occurrence Book entries say: a few plain sentences per kind, the place, what was lost or
 * found, why someone was arrested. Plain ASCII without quotes, so that their JSON is the text in quotes.
 */

/** The kinds the desk records, as often as a station's book has them (releases follow arrests; closes follow days). */
export const deskKinds = [
  'report',
  'general',
  'lost_property',
  'found_property',
  'accident',
  'arrest',
  'cell_visit',
  'booking_out',
  'booking_in',
  'firearm_issued',
  'firearm_returned',
];
export const DESK_KIND_MIX = [31, 14, 9, 2, 5, 8, 5, 6, 6, 5, 5];
export const ARREST_SHARE = 8 / DESK_KIND_MIX.reduce((a, b) => a + b, 0);

export const narratives: Readonly<Record<string, readonly string[]>> = {
  report: [
    'The complainant reports that her handbag was snatched by a young man who ran towards the market.',
    'The complainant reports that his phone was stolen from his shop while he served customers.',
    'The complainant reports being assaulted by a neighbour over a boundary dispute.',
    'The complainant reports that two goats were stolen from the homestead at night.',
    'The complainant reports a break-in at her house; a television and a gas cylinder were taken.',
  ],
  general: [
    'Patrol visited the market and the bus stage; all quiet.',
    'Station generator serviced; fuel level recorded.',
    'Community policing meeting held with the village elders.',
    'Night patrol returned; nothing to report.',
  ],
  lost_property: [
    'The reporter lost a national identity card on the way to the market.',
    'The reporter lost a wallet with a driving licence and an ATM card at the bus stage.',
    'The reporter lost a school leaving certificate while travelling.',
  ],
  found_property: [
    'A member of the public handed in a wallet found near the bus stage.',
    'A national identity card was found at the market and handed in.',
  ],
  accident: [
    'A matatu and a motorcycle collided at the junction; the rider was taken to hospital.',
    'A lorry left the road at the bend and overturned; the driver was unhurt.',
    'A pedestrian was knocked down by a saloon car near the school gate.',
  ],
  arrest: [
    'Suspect arrested in connection with the theft reported earlier and placed in the cells.',
    'Suspect arrested for being drunk and disorderly at the bus stage.',
    'Suspect arrested on a warrant and placed in the cells pending court.',
  ],
  release: ['Suspect released from the cells.'],
  cell_visit: ['Relative visited a suspect in the cells and brought food.', 'Cells inspected; all suspects present.'],
  booking_out: ['Officers booked out for patrol.', 'Officers booked out to escort a suspect to court.'],
  booking_in: ['Officers booked in from patrol.', 'Officers booked in from court escort.'],
  firearm_issued: ['Firearm issued for patrol duty.'],
  firearm_returned: ['Firearm returned from patrol duty and checked.'],
};

export const places = [
  'At the market',
  'Near the bus stage',
  'Along the main road',
  'At the homestead',
  'Near the primary school',
  'At the shopping centre',
  'At the station',
];

export const lostItems = [
  'National identity card',
  'Wallet with a driving licence',
  'Mobile phone',
  'School leaving certificate',
  'ATM card',
];

export const arrestReasons = ['Theft', 'Drunk and disorderly', 'Assault', 'Warrant of arrest', 'Possession of bhang'];
export const releaseModes = ['bail', 'bond', 'court', 'free', 'transfer'];
export const RELEASE_MODE_MIX = [30, 15, 35, 15, 5];
export const bookingPurposes = ['patrol', 'duty', 'escort', 'court', 'other'];
export const injuries = ['none', 'injured', 'fatal'];
export const INJURY_MIX = [55, 40, 5];

/** Who a kind of entry names, if anyone (the role of its one person). */
export const personRole: Readonly<Record<string, string>> = {
  report: 'complainant',
  arrest: 'arrested',
  accident: 'driver',
  lost_property: 'owner',
  found_property: 'finder',
  cell_visit: 'visitor',
};
