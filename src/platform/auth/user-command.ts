import { parseArgs } from 'node:util';
import { BadInput, NotFound } from '../http/errors.ts';
import type { Platform } from '../module.ts';
import { listAccounts, resetPassword, resetSecondFactor, setPlacement } from './accounts.ts';
import { duties, isRole, roles, type Duty } from './actor.ts';
import { createUser, setUserDisabled } from './service.ts';

// `sauti user ...`: staff accounts from the server's command line (the first administrator, and when no one can sign in).

export const userUsage = `  sauti user create <username> --role ROLE --name "Full Name"
                    [--unit CODE] [--station ID] [--facility ID] [--service-number NO]
                    [--duty office_head] [--duty identity_custodian]
                                   create a staff account; the password is read from stdin
  sauti user list                  every account: role, unit or station, two-step enrolment, disabled or locked
  sauti user reset-password <username>
                                   set a new password (read from stdin), lift a sign-in lock, end its sessions
  sauti user reset-2fa <username>  forget its two-step secret (a lost phone): the next sign-in enrols again
  sauti user set-role <username> --role ROLE [--unit CODE] [--station ID] [--facility ID] [--service-number NO]
                                   move the account to another role, unit or station; ends its sessions
  sauti user disable <username>    disable an account and end its sessions
  sauti user enable <username>     enable it again`;

type WithPlatform = <T>(run: (platform: Platform) => Promise<T>) => Promise<T>;

const cliActor = { kind: 'system', label: 'sauti command' } as const;

function parseUserArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      station: { type: 'string' },
      facility: { type: 'string' },
      'service-number': { type: 'string' },
      duty: { type: 'string', multiple: true },
    },
  });
}

type UserOptions = ReturnType<typeof parseUserArgs>['values'];

/** Why the change failed, told on stderr with the exit code; other errors are thrown on. */
function userFailure(platform: Platform, username: string, error: unknown): number {
  if (error instanceof BadInput) {
    for (const p of error.problems) console.error(`${p.field}: ${platform.i18n.translator('en')(p.message, p.params)}`);
    return 65;
  }
  if (error instanceof NotFound) {
    console.error(`No account named "${username}".`);
    return 1;
  }
  if ((error as { code?: string }).code === '23505') {
    console.error(`An account named "${username}" already exists.`);
    return 65;
  }
  if ((error as { code?: string }).code === '23503') {
    console.error('The unit, station, facility or service number given does not exist.');
    return 65;
  }
  throw error;
}

/** Runs a change to one account, telling what went wrong the way `user create` does. */
function changeUser(
  withPlatform: WithPlatform,
  username: string,
  change: (platform: Platform) => Promise<string>,
): Promise<number> {
  return withPlatform(async (platform) => {
    try {
      console.log(await change(platform));
      return 0;
    } catch (error) {
      return userFailure(platform, username, error);
    }
  });
}

function roleOption(values: UserOptions): (typeof roles)[number] | undefined {
  if (isRole(values.role)) return values.role;
  console.error(`--role must be one of: ${roles.join(', ')}`);
  return undefined;
}

async function createUserCommand(
  username: string,
  values: UserOptions,
  withPlatform: WithPlatform,
  readPassword: () => Promise<string>,
): Promise<number> {
  const role = roleOption(values);
  if (!role) return 64;
  const userDuties = values.duty ?? [];
  const unknownDuty = userDuties.find((d) => !(duties as readonly string[]).includes(d));
  if (unknownDuty) {
    console.error(`--duty must be one of: ${duties.join(', ')}`);
    return 64;
  }
  const password = await readPassword();
  return changeUser(withPlatform, username, async (platform) => {
    await createUser(platform.db.pool, {
      username,
      displayName: values.name ?? username,
      role,
      password,
      unitCode: values.unit ?? null,
      stationId: values.station ?? null,
      facilityId: values.facility ?? null,
      serviceNumber: values['service-number'] ?? null,
      duties: userDuties as Duty[],
    });
    return `Created ${role} account "${username}".`;
  });
}

function listUsersCommand(withPlatform: WithPlatform): Promise<number> {
  return withPlatform(async (platform) => {
    const now = platform.clock.now();
    for (const a of await listAccounts(platform.db.pool)) {
      const state = a.disabled ? 'disabled' : a.locked_until && a.locked_until > now ? 'locked' : 'active';
      const place = [a.unit_code, a.station_id].filter(Boolean).join(' ') || '-';
      const fields = [a.username, a.role, place, a.service_number ?? '-', a.totp_enrolled ? '2fa' : 'no-2fa', state];
      console.log(`${fields.join('\t')}\t${a.display_name}`);
    }
    return 0;
  });
}

/** `sauti user <action> <username> [options]`. */
export async function userCommand(
  args: string[],
  withPlatform: WithPlatform,
  readPassword: () => Promise<string>,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseUserArgs(rest);
  if (action === 'list') return listUsersCommand(withPlatform);
  const username = positionals[0];
  if (!username) {
    console.error(userUsage);
    return 64;
  }
  switch (action) {
    case 'create':
      return createUserCommand(username, values, withPlatform, readPassword);
    case 'disable':
    case 'enable':
      return changeUser(withPlatform, username, async (platform) => {
        if (!(await setUserDisabled(platform.db.pool, username, action === 'disable'))) throw new NotFound();
        return `${action === 'disable' ? 'Disabled' : 'Enabled'} "${username}".`;
      });
    case 'reset-password': {
      const password = await readPassword();
      return changeUser(withPlatform, username, async (platform) => {
        await resetPassword(platform.db.pool, cliActor, username, password);
        return `New password set for "${username}"; its sessions are ended.`;
      });
    }
    case 'reset-2fa':
      return changeUser(withPlatform, username, async (platform) => {
        await resetSecondFactor(platform.db.pool, cliActor, username);
        return `Two-step verification reset for "${username}": the next sign-in enrols a new authenticator.`;
      });
    case 'set-role': {
      const role = roleOption(values);
      if (!role) return 64;
      return changeUser(withPlatform, username, async (platform) => {
        await setPlacement(platform.db.pool, cliActor, username, {
          role,
          unitCode: values.unit,
          stationId: values.station,
          facilityId: values.facility,
          serviceNumber: values['service-number'],
        });
        return `"${username}" is now ${role}${values.unit ? ` of ${values.unit}` : ''}${values.station ? ` at ${values.station}` : ''}.`;
      });
    }
  }
  console.error(userUsage);
  return 64;
}
