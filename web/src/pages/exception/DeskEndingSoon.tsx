import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Answer, ApiError, call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { displayEnterprise, displayPerson, enterpriseParam, formatDate } from '../../format.ts';
import { useTitle } from '../../hooks.ts';

type EndingSoon = Answer<'/api/v1/service-desk/enterprises/{en}/ending-soon/look-ups', 'post'>;

/**
 * The service desk's "ending in the next 30 days" for one enterprise (issue 17, section 3): grants,
 * appointments and mandates with why each ends. Each look-up is audited on the enterprise, so the
 * operator gives a purpose; the API refuses anyone who is not an operator.
 */
export function DeskEndingSoon() {
  const { t, i18n } = useTranslation();
  useTitle(t('endingSoon.title'));
  const [en, setEn] = useState('');
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<EndingSoon | null>(null);
  const number = enterpriseParam(en);
  const enError =
    fieldError(t, error, 'en') ??
    (error instanceof ApiError && (error.code.startsWith('identifier.') || error.code === 'enterprise.not_found')
      ? errorMessage(t, error)
      : undefined);
  const purposeError = fieldError(t, error, 'purpose');

  const look = async () => {
    setBusy(true);
    setError(undefined);
    setResult(null);
    try {
      setResult(
        await call(
          client.POST('/api/v1/service-desk/enterprises/{en}/ending-soon/look-ups', {
            params: { path: { en: number || en.trim() } },
            body: purpose.trim() ? { purpose: purpose.trim() } : {},
          }),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const party = (i: EndingSoon['items'][number]) =>
    i.kind === 'mandate' ? displayEnterprise(i.party) : displayPerson(i.party);

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk">{t('desk.queueTitle')}</Link>
      </p>
      <h1>{t('endingSoon.title')}</h1>
      <p>{t('endingSoon.lead')}</p>
      <form
        className="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void look();
        }}
      >
        {error !== undefined && !enError && !purposeError && <Alert kind="error">{errorMessage(t, error)}</Alert>}
        <Field label={t('endingSoon.enterprise')} value={en} onChange={setEn} required error={enError} />
        <Field
          label={t('endingSoon.purpose')}
          hint={t('endingSoon.purposeHint')}
          value={purpose}
          onChange={setPurpose}
          maxLength={200}
          error={purposeError}
        />
        <p className="actions">
          <button type="submit" disabled={busy}>
            {t('endingSoon.look')}
          </button>
        </p>
      </form>
      {result && (
        <section aria-labelledby="ending-result">
          <h2 id="ending-result">
            {t('endingSoon.resultTitle', {
              name: result.enterpriseName,
              until: formatDate(result.until, i18n.language),
            })}
          </h2>
          {result.items.length === 0 ? (
            <p>{t('endingSoon.nothing')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('endingSoon.kind')}</th>
                  <th scope="col">{t('endingSoon.party')}</th>
                  <th scope="col">{t('endingSoon.what')}</th>
                  <th scope="col">{t('endingSoon.endsAt')}</th>
                  <th scope="col">{t('endingSoon.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((i) => (
                  <tr key={`${i.kind}-${i.id}`}>
                    <td>{t(`endingSoon.kinds.${i.kind}`)}</td>
                    <td>{party(i)}</td>
                    <td>{i.what}</td>
                    <td>{formatDate(i.endsAt, i18n.language)}</td>
                    <td>{t(`endingSoon.reasons.${i.reason}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </section>
  );
}
