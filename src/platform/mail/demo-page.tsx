import { NotFound } from '../http/errors.ts';
import type { RoutePlugin } from '../http/routes.ts';
import { formatDateTimeWithZone } from '../i18n/index.ts';
import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page.ts';
import { captureAt, type CapturedMail } from './capture.ts';

const SHOWN = 50;

/** "wanjiku@example.org" as "w•••@example.org": a demo open to anyone should not list its testers' addresses. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 1 ? '•••' : `${address[0]}•••${address.slice(at)}`;
}

function MailItem({ page, mail }: { page: PageContext; mail: CapturedMail }) {
  const { t, locale } = page;
  return (
    <li class="card">
      <h2>{mail.subject}</h2>
      <dl class="summary-list">
        <dt>{t('mail.demo.to')}</dt>
        <dd>{mail.to.map(maskAddress).join(', ')}</dd>
        <dt>{t('mail.demo.at')}</dt>
        <dd>{formatDateTimeWithZone(locale, mail.receivedAt)}</dd>
      </dl>
      {mail.text.split(/\n{2,}/).map((paragraph) => (
        <p lang={mail.language}>{paragraph}</p>
      ))}
    </li>
  );
}

export function DemoMailPage({ page, mails }: { page: PageContext; mails: CapturedMail[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('mail.demo.title')}>
      <h1>{t('mail.demo.title')}</h1>
      <p class="lead">{t('mail.demo.lead')}</p>
      {mails.length === 0 ? (
        <p>{t('mail.demo.none')}</p>
      ) : (
        <ul class="cards" aria-label={t('mail.demo.title')}>
          {mails.map((mail) => (
            <MailItem page={page} mail={mail} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** /demo/mail: what the demo's capture server received, newest first; only where it runs in this process. */
export const demoMailRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/demo',
  register(scope, platform) {
    scope.get('/mail', async (request, reply) => {
      const capture = platform.config.demo ? captureAt(platform.config.mail.smtpUrl) : undefined;
      if (!capture) throw new NotFound();
      const mails = capture.messages().slice(-SHOWN).reverse();
      return reply.html(<DemoMailPage page={request.pageContext()} mails={mails} />);
    });
  },
};
