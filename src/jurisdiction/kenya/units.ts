/** Investigating, oversight and support units. Names shown to people come from i18n ("unit.<code>"). */
export const units = [
  { code: 'IAU', name: 'Internal Affairs Unit' },
  { code: 'IPOA', name: 'IPOA liaison' },
  { code: 'DCI', name: 'Directorate of Criminal Investigations' },
  { code: 'GENDER', name: 'Gender and children desk' },
  { code: 'COUNSELLING', name: 'Counselling and psychosocial services' },
  { code: 'IG_OFFICE', name: "Inspector General's office" },
  { code: 'NPSC', name: 'National Police Service Commission liaison' },
] as const;

export type UnitCode = (typeof units)[number]['code'];
