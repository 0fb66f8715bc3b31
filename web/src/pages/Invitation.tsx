import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, loginUrl } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

export function Invitation() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const { me, isLoading, refresh } = useSession();
  const domains = useDomains();
  const loc = useLocalised();
  const [result, setResult] = useState<{ service: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useTitle(t('invitation.title'));

  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ grant: { service: string }; enterpriseName: string }>(
        `/api/v1/invitations/${encodeURIComponent(token)}/accept`,
        {
          method: 'POST',
        },
      );
      const s = domains.flatMap((d) => d.services).find((x) => x.code === r.grant.service);
      setResult({ service: s ? loc(s.name) : r.grant.service, name: r.enterpriseName });
      void refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('invitation.title')}</h1>
      <p>{t('invitation.lead')}</p>
      {result ? (
        <>
          <Alert kind="success">{t('invitation.accepted', result)}</Alert>
          <Link className="button" to="/my-access">
            {t('invitation.toMyAccess')}
          </Link>
        </>
      ) : isLoading ? (
        <p>{t('app.loading')}</p>
      ) : !me ? (
        <>
          <p>{t('invitation.loginFirst')}</p>
          <a className="button" href={loginUrl(location.pathname)}>
            {t('app.login')}
          </a>
        </>
      ) : (
        <>
          {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
          <button type="button" onClick={() => void accept()} disabled={busy}>
            {t('invitation.accept')}
          </button>
        </>
      )}
    </section>
  );
}
