/*
 * What generated complaints say, by category: short texts with the place, the amount asked and the station
 * filled in. Salama's desk has its own, about the free documents it sells.
 */

export const complaintTexts: Readonly<Record<string, readonly string[]>> = {
  bribery_extortion: [
    'Officers at {place} demanded KSh {amount} to let our matatu go without naming any offence.',
    'Traffic officers at {place} asked for KSh {amount} kitu kidogo before releasing my licence.',
    'An officer at {place} said I would be locked up unless I paid KSh {amount} on the spot.',
    'We were stopped at {place} and told to pay KSh {amount} or the boda boda would be impounded.',
    'The officer at {place} refused an M-Pesa fine and asked for KSh {amount} in cash.',
  ],
  brutality: [
    'Officers beat a boda boda rider with batons at {place} although he had done nothing wrong.',
    'My brother was slapped and kicked by officers at {place} when he asked why he was arrested.',
    'Police used tear gas and clubs on traders at {place} during a peaceful meeting.',
  ],
  death_serious_injury: [
    'A young man was shot by police near {place} and is in hospital with serious injuries.',
    'A man died after being held by officers at {place}; the family has not been told how.',
  ],
  unlawful_arrest: [
    'My son was arrested at {place} and held for three days without being taken to court.',
    'Officers arrested me at {place} without telling me why and released me only after I paid.',
    'A hawker was picked up at {place} and is still held at the station without any charge.',
  ],
  sexual_harassment_gbv: [
    'An officer at {place} made sexual comments and asked me to meet him at night.',
    'When I went to report violence at home the officer at {place} mocked me and sent me away.',
  ],
  corruption_in_service: [
    'Officers at {place} are said to pay their seniors to stay on the highway roadblocks.',
    'Fuel for the patrol car at {place} is sold off while the car stays parked.',
  ],
  refusal_negligence: [
    'The desk at {place} refused to record my report of a stolen phone.',
    'Nobody came when we called about a break-in near {place}, although the station is close.',
    'My P3 form was not filled for weeks at {place}; I was told to come back again and again.',
  ],
  other: [
    'Officers at {place} were drunk on duty and insulted people at the bus stage.',
    'A police vehicle at {place} is driven recklessly every evening.',
  ],
};

/** Salama's desk: free documents sold (the story the IG heard in a session). */
export const salamaTexts: readonly string[] = [
  'The desk officer at {station} would not give me a police abstract until I paid KSh {amount}.',
  'I was asked for KSh {amount} at {station} for the accident abstract my insurer needs.',
  'They wanted KSh {amount} at {station} to fill in the P3 form after I was beaten at the market.',
  'The officer at {station} said the abstract is free but typing it costs KSh {amount}.',
  'At {station} the abstract for my lost ID cost KSh {amount}; without it I could not replace the ID.',
];

export const complaintPlaces: readonly string[] = [
  'the roadblock on the highway',
  'the bus stage',
  'the market',
  'the station desk',
  'the checkpoint near the bridge',
  'the matatu terminus',
  'the junction by the petrol station',
  'the cattle market',
  'the school gate',
  'the police post',
];

export const bribeAmounts: readonly string[] = ['200', '300', '500', '1,000', '1,500', '2,000', '3,000', '5,000'];
