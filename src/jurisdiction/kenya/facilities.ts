/**
 * A representative set of public health facilities whose medical and clinical officers complete
 * Part II of P3 forms: Makueni's and Nairobi's, and a referral hospital in a few other counties.
 * The full list (the Kenya Master Health Facility List) is loaded with `sauti facilities import`.
 */
export interface FacilitySeed {
  id: string;
  name: string;
  countyCode: string;
  kind?: 'hospital' | 'health_centre' | 'dispensary';
}

export const facilities: ReadonlyArray<FacilitySeed> = [
  { id: 'coast-general-hospital', name: 'Coast General Teaching and Referral Hospital', countyCode: '001' },
  { id: 'machakos-level-5-hospital', name: 'Machakos Level 5 Hospital', countyCode: '016' },
  { id: 'makueni-county-referral-hospital', name: 'Makueni County Referral Hospital', countyCode: '017' },
  { id: 'sultan-hamud-hospital', name: 'Sultan Hamud Sub-County Hospital', countyCode: '017' },
  { id: 'kibwezi-hospital', name: 'Kibwezi Sub-County Hospital', countyCode: '017' },
  { id: 'mbooni-hospital', name: 'Mbooni Sub-County Hospital', countyCode: '017' },
  { id: 'makindu-hospital', name: 'Makindu Sub-County Hospital', countyCode: '017' },
  { id: 'kilungu-hospital', name: 'Kilungu Sub-County Hospital', countyCode: '017' },
  { id: 'mtito-andei-hospital', name: 'Mtito Andei Sub-County Hospital', countyCode: '017' },
  { id: 'matiliku-hospital', name: 'Matiliku Sub-County Hospital', countyCode: '017' },
  { id: 'emali-health-centre', name: 'Emali Model Health Centre', countyCode: '017', kind: 'health_centre' },
  { id: 'moi-teaching-referral-hospital', name: 'Moi Teaching and Referral Hospital', countyCode: '027' },
  { id: 'nakuru-level-5-hospital', name: 'Nakuru Level 5 Hospital', countyCode: '032' },
  {
    id: 'jaramogi-oginga-odinga-hospital',
    name: 'Jaramogi Oginga Odinga Teaching and Referral Hospital',
    countyCode: '042',
  },
  { id: 'kenyatta-national-hospital', name: 'Kenyatta National Hospital', countyCode: '047' },
  { id: 'mama-lucy-kibaki-hospital', name: 'Mama Lucy Kibaki Hospital', countyCode: '047' },
  { id: 'mbagathi-hospital', name: 'Mbagathi County Hospital', countyCode: '047' },
  { id: 'mutuini-hospital', name: 'Mutuini Sub-County Hospital', countyCode: '047' },
  { id: 'pumwani-maternity-hospital', name: 'Pumwani Maternity Hospital', countyCode: '047' },
  { id: 'mathare-north-health-centre', name: 'Mathare North Health Centre', countyCode: '047', kind: 'health_centre' },
];
