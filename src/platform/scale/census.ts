/*
 * What the generator spreads its history by: people per county (the 2019 Kenya Population and Housing Census,
 * thousands, by county code), and names for the people and places it makes up. This is Kenya's, the only
 * jurisdiction served; a county it does not know gets the median weight.
 */

export const countyPopulation: Readonly<Record<string, number>> = {
  '001': 1208,
  '002': 867,
  '003': 1454,
  '004': 316,
  '005': 144,
  '006': 341,
  '007': 841,
  '008': 781,
  '009': 867,
  '010': 460,
  '011': 268,
  '012': 1546,
  '013': 393,
  '014': 609,
  '015': 1136,
  '016': 1422,
  '017': 988,
  '018': 638,
  '019': 759,
  '020': 610,
  '021': 1056,
  '022': 2418,
  '023': 926,
  '024': 621,
  '025': 310,
  '026': 991,
  '027': 1163,
  '028': 454,
  '029': 886,
  '030': 667,
  '031': 518,
  '032': 2162,
  '033': 1158,
  '034': 1118,
  '035': 902,
  '036': 876,
  '037': 1868,
  '038': 591,
  '039': 1671,
  '040': 894,
  '041': 994,
  '042': 1156,
  '043': 1132,
  '044': 1116,
  '045': 1267,
  '046': 605,
  '047': 4397,
};

const MEDIAN_POPULATION = 886;

export const populationOf = (countyCode: string): number => countyPopulation[countyCode] ?? MEDIAN_POPULATION;

export const femaleNames = [
  'Achieng',
  'Akinyi',
  'Amina',
  'Atieno',
  'Chebet',
  'Faith',
  'Grace',
  'Halima',
  'Jepkorir',
  'Kanini',
  'Lucy',
  'Mercy',
  'Mwikali',
  'Nafula',
  'Njeri',
  'Nyambura',
  'Wairimu',
  'Wambui',
  'Wanjiku',
  'Zawadi',
];

export const maleNames = [
  'Abdi',
  'Brian',
  'Daniel',
  'Hassan',
  'Juma',
  'Kamau',
  'Kipchoge',
  'Kioko',
  'Kiprono',
  'Mutua',
  'Musyoka',
  'Ochieng',
  'Odhiambo',
  'Omondi',
  'Otieno',
  'Peter',
  'Samuel',
  'Wafula',
  'Wekesa',
  'Mwangi',
];

export const surnames = [
  'Achieng',
  'Barasa',
  'Cheruiyot',
  'Gitau',
  'Hussein',
  'Kamau',
  'Kariuki',
  'Kibet',
  'Kilonzo',
  'Kimani',
  'Koech',
  'Maina',
  'Makau',
  'Mohamed',
  'Muthoka',
  'Mutiso',
  'Mwangi',
  'Ndungu',
  'Njoroge',
  'Nyongesa',
  'Ochieng',
  'Odhiambo',
  'Ogola',
  'Omondi',
  'Onyango',
  'Otieno',
  'Owino',
  'Ruto',
  'Wanyama',
  'Wambua',
];

/** Syllables of made-up place names that sound like Kenyan ones (Kalama, Nyandiko, Olkiriti). */
const heads = [
  'Ka',
  'Ki',
  'Ma',
  'Mu',
  'Nya',
  'Ol',
  'Lo',
  'Ga',
  'Wa',
  'Ndu',
  'Chu',
  'Ke',
  'Ru',
  'Si',
  'Bu',
  'Mbi',
  'Ngo',
];
const middles = ['la', 'ri', 'mbo', 'nge', 'tu', 'ko', 'ra', 'ni', 'sa', 'we', 'ma', 'go', 'ti', 'ki'];
const tails = ['ma', 'ni', 'ti', 'ngu', 'ru', 'wa', 'ka', 'ro', 'no', 'ye', 'ini', 'oni'];

/** The i-th made-up place name (the same i gives the same name; about 2,800 differ). */
export function placeName(i: number): string {
  const h = heads[i % heads.length]!;
  const m = middles[Math.floor(i / heads.length) % middles.length]!;
  const t = tails[Math.floor(i / (heads.length * middles.length)) % tails.length]!;
  return `${h}${m}${t}`;
}

export const placeNameCount = heads.length * middles.length * tails.length;
