import { CsrfField } from './forms.tsx';
import { Layout } from './layout.tsx';
import type { PageContext } from './page.ts';

export interface ProofPageProps {
  page: PageContext;
  /** proof_required, or why the proof sent was refused: proof_invalid, proof_used. */
  code: string;
  challenge: string;
  bits: number;
  waitSeconds: number;
  /** The look-up to send again, as it came: its method, address and fields. */
  method: 'get' | 'post';
  action: string;
  fields: ReadonlyArray<readonly [string, string]>;
}

/**
 * A slowed look-up by code: the form sends the same look-up again with the proof. Its script
 * (/assets/lookup-proof.js) does the work and sends it by itself; without JavaScript the reader
 * waits the seconds shown and presses Continue, which sends the challenge alone.
 */
export function ProofPage(props: ProofPageProps) {
  const { page, code, challenge, bits, waitSeconds, method, action, fields } = props;
  const { t } = page;
  const title = t(`error.${code}.title`);
  return (
    <Layout page={page} title={title} scripts={['/assets/lookup-proof.js']}>
      <h1>{title}</h1>
      <p>{t(`error.${code}.body`)}</p>
      <form method={method} action={action} data-proof-bits={String(bits)}>
        {method === 'post' ? <CsrfField token={page.csrfToken} /> : null}
        {fields.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="_proof" value={challenge} />
        <p class="proof-wait">{t('lookup.proof.wait', { seconds: waitSeconds })}</p>
        <p class="proof-working" role="status" hidden>
          {t('lookup.proof.working')}
        </p>
        <button type="submit" class="button">
          {t('lookup.proof.continue')}
        </button>
      </form>
    </Layout>
  );
}
