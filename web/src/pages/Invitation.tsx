import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { type Answer, call, client, loginUrl } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

type Offer = Answer<'/api/v1/invitations/{token}'>;

export function Invitation() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const { me, isLoading, refresh } = useSession();
  const domains = useDomains();
  const loc = useLocalised();
  const [result, setResult] = useState<{ service: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useTitle(t('invitation.title'));
  // who invites, for which enterprise and which access: names only, the token is the key (issue 16)
  const offer = useApi<Offer>(`/api/v1/invitations/${encodeURIComponent(token)}?language=${i18n.language}`);
  const serviceName = (code: string) => {
    const s = domains.flatMap((d) => d.services).find((x) => x.code === code);
    return s ? loc(s.name) : code;
  };

  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(client.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } } }));
      setResult({ service: serviceName(r.grant.service), name: r.enterpriseName });
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
      {offer.data && (
        <p>
          {t('invitation.from', {
            inviter: offer.data.inviterName ?? '',
            service: serviceName(offer.data.service),
            name: offer.data.enterpriseName,
            number: displayEnterprise(offer.data.enterprise),
          })}
        </p>
      )}
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
