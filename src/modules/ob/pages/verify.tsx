import type { Translate } from '../../../platform/i18n/index.ts';
import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Select, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { SlipCheck } from '../slip/verify.ts';
import { ObStyles } from './parts.tsx';

export interface VerifyProps {
  page: PageContext;
  stations: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  /** After a check: the entry (the code was its own), or null (not found, whatever the reason). */
  result?: SlipCheck | null;
}

function Proof({ t, proof }: { t: Translate; proof: NonNullable<SlipCheck['proof']> }) {
  return (
    <section aria-labelledby="proof-title">
      <h2 id="proof-title">{t('ob.verify.proofTitle')}</h2>
      <p>{t('ob.verify.proofLead', { index: proof.leafIndex, size: proof.treeSize })}</p>
      <dl class="summary-list">
        <dt>{t('ob.verify.leafIndex')}</dt>
        <dd>{proof.leafIndex}</dd>
        <dt>{t('ob.verify.treeSize')}</dt>
        <dd>{proof.treeSize}</dd>
        <dt>{t('ob.verify.leafHash')}</dt>
        <dd class="hash">{proof.leafHash}</dd>
      </dl>
      <h3>{t('ob.verify.checkpoint')}</h3>
      <pre class="ob-checkpoint">{proof.checkpoint}</pre>
      <h3>{t('ob.verify.path', { count: proof.proof.length })}</h3>
      <ol class="hash ob-proof">
        {proof.proof.map((hash) => (
          <li>{hash}</li>
        ))}
      </ol>
      <h3>{t('ob.verify.yourselfTitle')}</h3>
      <ol>
        <li>
          {t('ob.verify.yourself1')} <a href="/ob/log/checkpoint">/ob/log/checkpoint</a>
        </li>
        <li>{t('ob.verify.yourself2')}</li>
        <li>{t('ob.verify.yourself3')}</li>
      </ol>
    </section>
  );
}

function Found({ page, result }: { page: PageContext; result: SlipCheck }) {
  const { t, locale } = page;
  return (
    <section class="notice success" role="status" id="result" aria-label={t('ob.verify.resultTitle')}>
      <p>
        <strong>
          {t('ob.verify.found', {
            ob: result.obNumber,
            station: result.station.name,
            when: formatDateTimeWithZone(locale, result.recordedAt),
          })}
        </strong>
      </p>
      {result.amendments.length === 0 ? (
        <p>{t('ob.verify.notAmended')}</p>
      ) : (
        <>
          <p>{t('ob.verify.amended')}</p>
          <ul>
            {result.amendments.map((a) => (
              <li>
                {t('ob.verify.amendment', { ob: a.obNumber, when: formatDateTimeWithZone(locale, a.recordedAt) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.proof ? null : <p>{t('ob.verify.notYetInLog')}</p>}
    </section>
  );
}

/** The three things a slip gives (station, OB number, its code), as every form that takes a slip asks them. */
export function SlipFields({ page, stations, values, errors }: Omit<VerifyProps, 'result'>) {
  const { t } = page;
  return (
    <>
      <Select
        t={t}
        name="station"
        label={t('ob.verify.station')}
        errors={errors}
        value={values.station}
        placeholder={t('ob.desk.choose')}
        options={stations.map((s) => ({ value: s.id, label: s.name }))}
      />
      <TextInput
        t={t}
        name="ob"
        label={t('ob.verify.ob')}
        hint={t('ob.verify.obHint')}
        errors={errors}
        value={values.ob}
      />
      <TextInput
        t={t}
        name="code"
        label={t('ob.verify.code')}
        hint={t('ob.verify.codeHint')}
        errors={errors}
        value={values.code}
        autocomplete="off"
      />
    </>
  );
}

function CheckForm({ page, stations, values, errors }: Omit<VerifyProps, 'result'>) {
  const { t } = page;
  return (
    <form method="post" action="/ob/verify" novalidate>
      <CsrfField token={page.csrfToken} />
      <SlipFields page={page} stations={stations} values={values} errors={errors} />
      <button type="submit" class="button">
        {t('ob.verify.submit')}
      </button>
    </form>
  );
}

/** /ob/verify: anyone with a slip checks that its entry exists and is in the published log; never its content. */
export function VerifyPage({ page, stations, values, errors, result }: VerifyProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('ob.verify.title')} description={t('ob.verify.lead')}>
      <ObStyles />
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('ob.verify.title')}</h1>
      {result ? <Found page={page} result={result} /> : null}
      {result === null ? (
        <section class="notice warning" role="status" id="result" aria-label={t('ob.verify.resultTitle')}>
          <p>
            <strong>{t('ob.verify.notFound')}</strong>
          </p>
          <p>{t('ob.verify.notFoundHelp')}</p>
        </section>
      ) : null}
      {result?.proof ? <Proof t={t} proof={result.proof} /> : null}
      {result === undefined ? <p>{t('ob.verify.lead')}</p> : <h2>{t('ob.verify.again')}</h2>}
      <CheckForm page={page} stations={stations} values={values} errors={errors} />
    </Layout>
  );
}
