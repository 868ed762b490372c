/**
 * Kenya's instant fines: the Traffic (Minor Offences) Rules, 2016, as versioned schedules. A notice's
 * amounts always come from the schedule in force on the offence date; nobody types an amount. A
 * schedule that replaces this one is added with its own `validFrom`, and this one stays for offences
 * committed before it. Offences outside the schedule go to court (a notice to attend, no payment).
 */

export interface ScheduledOffence {
  /** Stable across schedules while the offence is the same; printed on notices. */
  code: string;
  en: string;
  sw: string;
  /** The fine in cents (KES × 100); null: a warning, no fine. */
  amountCents: number | null;
  /** The fine is per item (seats without belts): the officer counts them. */
  per?: 'seat';
  /** Where the offence and its fine are written. */
  rule: string;
}

export interface OffenceSchedule {
  /** e.g. `TMOR-2016` */
  version: string;
  /** The first day (Nairobi) offences are fined by this schedule. */
  validFrom: string;
  title: string;
  offences: readonly ScheduledOffence[];
}

const RULES_2016 = 'Traffic (Minor Offences) Rules, 2016, Schedule';
const kes = (shillings: number) => shillings * 100;

const offence = (code: string, en: string, sw: string, shillings: number | null, per?: 'seat'): ScheduledOffence => ({
  code,
  en,
  sw,
  amountCents: shillings === null ? null : kes(shillings),
  ...(per ? { per } : {}),
  rule: RULES_2016,
});

/** As published in 2016 (the circulating lists of higher "new fines" were declared false by the road authority). */
const schedule2016: OffenceSchedule = {
  version: 'TMOR-2016',
  // published in 2016; the reference list gives the year, not the day it took effect
  validFrom: '2016-01-01',
  title: 'Traffic (Minor Offences) Rules, 2016',
  offences: [
    offence('SPD-05', 'Exceeding the speed limit by 1–5 km/h', 'Kuzidi kikomo cha mwendo kwa km/h 1–5', null),
    offence('SPD-10', 'Exceeding the speed limit by 6–10 km/h', 'Kuzidi kikomo cha mwendo kwa km/h 6–10', 500),
    offence('SPD-15', 'Exceeding the speed limit by 11–15 km/h', 'Kuzidi kikomo cha mwendo kwa km/h 11–15', 3000),
    offence('SPD-20', 'Exceeding the speed limit by 16–20 km/h', 'Kuzidi kikomo cha mwendo kwa km/h 16–20', 10000),
    offence(
      'PLT',
      'Driving without number plates or with improperly fixed plates',
      'Kuendesha bila nambari za usajili au zikiwa zimewekwa vibaya',
      10000,
    ),
    offence(
      'INS',
      'Driving without a valid inspection certificate',
      'Kuendesha bila cheti halali cha ukaguzi wa gari',
      10000,
    ),
    offence(
      'LIC-CLS',
      'Driving without a licence endorsement for the vehicle class',
      'Kuendesha bila leseni inayoruhusu aina hiyo ya gari',
      3000,
    ),
    offence('LIC-RNW', 'Failing to renew a driving licence', 'Kutofanya upya leseni ya kuendesha', 1000),
    offence(
      'LIC-PRD',
      'Failing to carry or produce a driving licence',
      'Kutobeba au kutoonyesha leseni ya kuendesha',
      1000,
    ),
    offence('PSV-UNQ', 'Driving a PSV while unqualified', 'Kuendesha gari la umma bila sifa zinazohitajika', 5000),
    offence(
      'PAV',
      'Driving on a pavement or footpath',
      'Kuendesha kwenye kando ya barabara au njia ya waenda kwa miguu',
      5000,
    ),
    offence(
      'DIR',
      'Disobeying directions of a uniformed police officer',
      'Kukaidi maelekezo ya afisa wa polisi aliyevaa sare',
      3000,
    ),
    offence('SGN', 'Disobeying a traffic sign', 'Kukaidi alama ya barabarani', 3000),
    offence(
      'STP',
      'Failing to stop when ordered by a police officer',
      'Kutosimama unapoamriwa na afisa wa polisi',
      5000,
    ),
    offence('OBS', 'Causing obstruction', 'Kusababisha kizuizi barabarani', 10000),
    offence(
      'OBS-TRI',
      'Obstructing without reflective triangles',
      'Kuzuia barabara bila kuweka pembetatu za kuakisi',
      3000,
    ),
    offence(
      'TRI',
      'Not carrying life-savers (reflective triangles)',
      'Kutobeba pembetatu za kuakisi (life-savers)',
      2000,
    ),
    offence('BLT', 'Not wearing a seat belt', 'Kutofunga mkanda wa usalama', 500),
    offence(
      'BLT-FIT',
      'Vehicle not fitted with seat belts (per seat)',
      'Gari bila mikanda ya usalama (kwa kila kiti)',
      1000,
      'seat',
    ),
    offence('PSV-GOV', 'PSV without a speed governor', 'Gari la umma bila kidhibiti mwendo', 10000),
    offence(
      'PSV-EMP',
      'Employing an unlicensed PSV driver or conductor',
      'Kuajiri dereva au kondakta wa gari la umma asiye na leseni',
      10000,
    ),
    offence(
      'PSV-LIC',
      'Acting as PSV driver or conductor without a licence',
      'Kufanya kazi ya dereva au kondakta wa gari la umma bila leseni',
      5000,
    ),
    offence('TOUT', 'Touting', 'Kupiga debe', 3000),
    offence(
      'PSV-UNI',
      'PSV driver or conductor without badge or uniform',
      'Dereva au kondakta wa gari la umma bila beji au sare',
      2000,
    ),
    offence('PSV-EXT', 'PSV without a fire extinguisher', 'Gari la umma bila kizima moto', 2000),
    offence('PHN', 'Using a mobile phone while driving', 'Kutumia simu ukiendesha', 2000),
    offence(
      'MC-GEAR',
      'Motorcycle rider or pillion without protective gear',
      'Mwendesha pikipiki au abiria bila vifaa vya kujikinga',
      1000,
    ),
    offence('MC-PIL', 'More than one pillion passenger', 'Zaidi ya abiria mmoja kwenye pikipiki', 1000),
    offence(
      'BODY',
      'Allowing a part of the body outside a moving vehicle',
      'Kuacha sehemu ya mwili nje ya gari linalotembea',
      1000,
    ),
    offence('L-PLT', 'Learner driver without L-plates', 'Dereva mwanafunzi bila vibao vya L', 1000),
    offence('PED', 'Pedestrian wilfully obstructing traffic', 'Mtembea kwa miguu kuzuia magari kwa makusudi', 500),
  ],
};

/** Every schedule, oldest first. */
export const offenceSchedules: readonly OffenceSchedule[] = [schedule2016];
