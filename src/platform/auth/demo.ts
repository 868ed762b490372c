import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/database.ts';
import { rolesRequiringTotp, type Duty } from './actor.ts';
import { upsertOfficer } from '../db/reference-store.ts';
import type { Role } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { createUser, findUserByUsername } from './service.ts';

/** Demo mode only: every demo account shares this password and, where a second factor is needed, this TOTP secret. */
export const DEMO_PASSWORD = 'sauti-demo-2026';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const demoOfficers = [
  { serviceNumber: '2019-104233', name: 'Joseph Mwangi', rank: 'Constable', stationId: 'salama' },
  { serviceNumber: '2015-088120', name: 'Peter Kioko', rank: 'Corporal', stationId: 'salama' },
  { serviceNumber: '2008-041877', name: 'Mary Mutua', rank: 'Chief Inspector', stationId: 'salama' },
  { serviceNumber: '2012-067345', name: 'Daniel Otieno', rank: 'Inspector', stationId: 'kasarani' },
  { serviceNumber: '2017-093410', name: 'Grace Wanjiru', rank: 'Constable', stationId: 'kasarani' },
  { serviceNumber: '2018-099872', name: 'Amina Hassan', rank: 'Constable', stationId: 'mombasa-traffic-base' },
  { serviceNumber: '2010-055301', name: 'Samuel Kiptoo', rank: 'Chief Inspector', stationId: 'mombasa-traffic-base' },
  { serviceNumber: '2014-077902', name: 'Brian Ochieng', rank: 'Sergeant', stationId: 'buru-buru' },
] as const;

export const demoAccounts: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  unitCode?: string;
  stationId?: string;
  facilityId?: string;
  serviceNumber?: string;
  duties?: Duty[];
}> = [
  { username: 'admin', displayName: 'System Administrator', role: 'administrator' },
  { username: 'ig.office', displayName: "Registry, IG's Office", role: 'ig_office', unitCode: 'IG_OFFICE' },
  {
    username: 'ig.head',
    displayName: "Head of the IG's Office",
    role: 'ig_office',
    unitCode: 'IG_OFFICE',
    duties: ['office_head'],
  },
  {
    username: 'ig.custodian',
    displayName: "Identity custodian, IG's Office",
    role: 'ig_office',
    unitCode: 'IG_OFFICE',
    duties: ['identity_custodian'],
  },
  { username: 'iau.investigator', displayName: 'Ruth Njeri (IAU)', role: 'investigator', unitCode: 'IAU' },
  {
    username: 'gender.investigator',
    displayName: 'Faith Achieng (Gender desk)',
    role: 'investigator',
    unitCode: 'GENDER',
  },
  { username: 'dci.investigator', displayName: 'Tom Kamau (DCI)', role: 'investigator', unitCode: 'DCI' },
  {
    username: 'ipoa.liaison',
    displayName: 'Esther Wairimu (IPOA liaison)',
    role: 'oversight_liaison',
    unitCode: 'IPOA',
  },
  { username: 'npsc.liaison', displayName: 'John Mutiso (NPSC liaison)', role: 'oversight_liaison', unitCode: 'NPSC' },
  {
    username: 'ocs.salama',
    displayName: 'Mary Mutua (OCS Salama)',
    role: 'station_commander',
    stationId: 'salama',
    serviceNumber: '2008-041877',
  },
  {
    username: 'ocs.kasarani',
    displayName: 'Daniel Otieno (OCS Kasarani)',
    role: 'station_commander',
    stationId: 'kasarani',
    serviceNumber: '2012-067345',
  },
  {
    username: 'officer.salama',
    displayName: 'Joseph Mwangi',
    role: 'officer',
    stationId: 'salama',
    serviceNumber: '2019-104233',
  },
  {
    username: 'officer.kasarani',
    displayName: 'Grace Wanjiru',
    role: 'officer',
    stationId: 'kasarani',
    serviceNumber: '2017-093410',
  },
  {
    username: 'officer.mombasa',
    displayName: 'Amina Hassan',
    role: 'officer',
    stationId: 'mombasa-traffic-base',
    serviceNumber: '2018-099872',
  },
  { username: 'moderator', displayName: 'Engage moderator', role: 'moderator' },
  {
    username: 'medic.makueni',
    displayName: 'Dr. Catherine Mwikali (Makueni County Referral Hospital)',
    role: 'medical_officer',
    facilityId: 'makueni-county-referral-hospital',
  },
  { username: 'finance.nps', displayName: 'Lucy Wambui (Finance and reconciliation)', role: 'finance' },
];

// hashed once a process (argon2 at its real cost takes tens of milliseconds, and there are nineteen accounts)
let demoPasswordHash: Promise<string> | undefined;

/** Demo officers and one account per role. Safe to run twice. */
export async function loadDemoStaff(db: Database): Promise<void> {
  demoPasswordHash ??= hashPassword(DEMO_PASSWORD);
  const passwordHash = await demoPasswordHash;
  await inTransaction(db.pool, async (client) => {
    for (const o of demoOfficers) await upsertOfficer(client, o.serviceNumber, o.name, o.rank, o.stationId);
    for (const account of demoAccounts) {
      if (await findUserByUsername(client, account.username)) continue;
      await createUser(
        client,
        {
          ...account,
          password: DEMO_PASSWORD,
          totpSecret: rolesRequiringTotp.has(account.role) ? DEMO_TOTP_SECRET : null,
        },
        passwordHash,
      );
    }
  });
}
