import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { units } from '../../jurisdiction/kenya/index.ts';
import { roles } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { listStations } from '../../platform/db/reference-store.ts';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import type { Platform } from '../../platform/module.ts';
import { answerForm, formBody } from '../../platform/web/form-action.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { AccountPage, type AccountFormName, type Choices } from './pages/account.tsx';
import { AccountsPage, NewAccountPage } from './pages/accounts.tsx';
import { adminRoles } from './permissions.ts';
import * as admin from './service.ts';

const Username = Type.Object({ username: Type.String({ maxLength: 60 }) });
const accountFields = {
  username: 60,
  displayName: 200,
  role: 40,
  unit: 40,
  station: 100,
  serviceNumber: 40,
  password: 1000,
} as const;
const doneNotices = new Set(['created', 'placement', 'password', 'twoFactor', 'disabled', 'enabled']);

async function choices(platform: Platform): Promise<Choices> {
  const stations = await listStations(platform.db.pool);
  return { roles: [...roles], units: units.map((u) => u.code as string), stations };
}

async function accountPage(
  platform: Platform,
  request: FastifyRequest,
  username: string,
  extra: { form?: AccountFormName; errors?: FieldErrors; notice?: string } = {},
) {
  const account = await admin.findAccount(platform, request.actor, username);
  return h(AccountPage, {
    page: request.pageContext(),
    account,
    choices: await choices(platform),
    self: request.actor.kind === 'staff' && request.actor.username === account.username,
    now: platform.clock.now(),
    errors: extra.errors ?? {},
    form: extra.form,
    notice: extra.notice,
  });
}

/** The list of accounts, filtered by role or a part of the name, and a new account. */
function accountList(scope: RouteScope, platform: Platform): void {
  scope.get(
    '',
    {
      schema: {
        querystring: Type.Object({
          role: Type.Optional(Type.String({ maxLength: 40 })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const filter = { role: request.query.role ?? '', q: request.query.q ?? '' };
      const accounts = await admin.listAccounts(platform, request.actor, filter);
      return reply.html(
        h(AccountsPage, {
          page: request.pageContext(),
          accounts,
          filter,
          roles: [...roles],
          now: platform.clock.now(),
        }),
      );
    },
  );
  scope.get('/new', async (request, reply) => {
    requireStaff(request, adminRoles);
    return reply.html(
      h(NewAccountPage, { page: request.pageContext(), choices: await choices(platform), errors: {}, values: {} }),
    );
  });
  scope.post('/new', { schema: { body: formBody(accountFields) } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    const body = request.body;
    return answerForm(request, reply, {
      action: async () =>
        `/staff/admin/accounts/${await admin.createAccount(platform, request.actor, body)}?done=created`,
      showAgain: async (errors) =>
        h(NewAccountPage, {
          page: request.pageContext(),
          choices: await choices(platform),
          errors,
          values: { ...body, password: '' },
        }),
    });
  });
}

/** A form posted on one account, then back to it with a notice; refused input shows the account again. */
function accountForm(
  scope: RouteScope,
  platform: Platform,
  name: AccountFormName,
  act: (request: FastifyRequest, username: string, body: admin.AccountForm & { disabled?: string }) => Promise<string>,
): void {
  scope.post(
    `/:username/${name}`,
    { schema: { params: Username, body: formBody({ ...accountFields, disabled: 10 }) } },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const { username } = request.params;
      return answerForm(request, reply, {
        action: async () => `/staff/admin/accounts/${username}?done=${await act(request, username, request.body)}`,
        showAgain: (errors) => accountPage(platform, request, username, { form: name, errors }),
      });
    },
  );
}

/** One account: what it is, and the administrator's actions on it. */
function accountActions(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/:username',
    { schema: { params: Username, querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const { done } = request.query;
      const notice = done && doneNotices.has(done) ? request.t(`admin.done.${done}`) : undefined;
      return reply.html(await accountPage(platform, request, request.params.username, notice ? { notice } : {}));
    },
  );
  accountForm(scope, platform, 'placement', async (request, username, body) => {
    await admin.changePlacement(platform, request.actor, username, body);
    return 'placement';
  });
  accountForm(scope, platform, 'password', async (request, username, body) => {
    await admin.resetPassword(platform, request.actor, username, body.password ?? '');
    return 'password';
  });
  accountForm(scope, platform, 'two-factor', async (request, username) => {
    await admin.resetSecondFactor(platform, request.actor, username);
    return 'twoFactor';
  });
  accountForm(scope, platform, 'access', async (request, username, body) => {
    const disabled = body.disabled === 'yes';
    await admin.setDisabled(platform, request.actor, username, disabled);
    return disabled ? 'disabled' : 'enabled';
  });
}

/** The administrator's screens for staff accounts. */
export const accountRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/admin/accounts',
  register(scope, platform) {
    accountList(scope, platform);
    accountActions(scope, platform);
  },
};
