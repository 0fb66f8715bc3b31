import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type Answer, call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { displayEnterprise, displayPerson, formatDate } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { DeskRefusal } from '../exception/DeskGate.tsx';

type View = Answer<'/api/v1/service-desk/foreign-enterprises/{number}'>;
type Ending = Answer<'/api/v1/service-desk/foreign-representatives/ending-soon'>;

/**
 * One foreign enterprise for the service desk: confirm or reject its registration, renew a
 * legal representative, link it to a KBO number. Every decision needs a second operator (the API
 * refuses the proposer with its own message).
 */
export function ForeignEnterpriseDetail() {
  const { t, i18n } = useTranslation();
  const { number = '' } = useParams();
  const fe = useApi<View>(`/api/v1/service-desk/foreign-enterprises/${encodeURIComponent(number)}`);
  // renewals waiting: the review list holds them (a year ahead covers every recorded end date soon)
  const ending = useApi<Ending>('/api/v1/service-desk/foreign-representatives/ending-soon?days=366');
  useTitle(fe.data?.name ?? t('foreignEnterprises.title'));
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [renewTo, setRenewTo] = useState<Record<string, string>>({});
  const [kbo, setKbo] = useState('');
  const [reason, setReason] = useState('');
  if (fe.error !== undefined && !fe.data) return <DeskRefusal error={fe.error} />;
  const f = fe.data;
  if (!f) return null;
  const path = { number: f.number };

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await work();
      setDone(true);
      fe.reload();
      ending.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const decide = (decision: 'confirm' | 'reject') =>
    act(() =>
      call(
        client.POST('/api/v1/service-desk/foreign-enterprises/{number}/decisions', {
          params: { path },
          body: { decision },
        }),
      ),
    );
  const pendingLink = f.links.find((l) => l.status === 'proposed');
  const renewalOf = (id: string) => ending.data?.items.find((r) => r.id === id)?.renewal ?? null;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk/foreign-enterprises">{t('foreignEnterprises.back')}</Link>
      </p>
      <h1>
        {f.name} ({displayEnterprise(f.number)})
      </h1>
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {done && <Alert kind="success">{t('foreignEnterprises.done')}</Alert>}
      <dl className="card">
        <dt>{t('foreignEnterprises.status')}</dt>
        <dd>{t(`foreignEnterprises.statuses.${f.status}`)}</dd>
        <dt>{t('foreignEnterprises.countryShort')}</dt>
        <dd>{f.country}</dd>
        <dt>{t('foreignEnterprises.homeRegister')}</dt>
        <dd>{f.homeRegister}</dd>
        <dt>EUID</dt>
        <dd>{f.euid ?? f.nationalRegisterNumber}</dd>
      </dl>
      <p>
        {t('foreignEnterprises.proposedBy', {
          who: displayPerson(f.proposedBy),
          when: formatDate(f.proposedAt, i18n.language),
        })}
      </p>
      {f.status === 'proposed' && (
        <p className="actions">
          <button type="button" disabled={busy} onClick={() => void decide('confirm')}>
            {t('foreignEnterprises.confirm')}
          </button>{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => void decide('reject')}>
            {t('foreignEnterprises.reject')}
          </button>
        </p>
      )}
      {f.status === 'linked' && f.kboNumber && (
        <Alert kind="info">{t('foreignEnterprises.linkedTo', { kbo: displayEnterprise(f.kboNumber) })}</Alert>
      )}

      <h2>{t('foreignEnterprises.representatives')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('foreignEnterprises.name')}</th>
            <th scope="col">{t('foreignEnterprises.number')}</th>
            <th scope="col">{t('foreignEnterprises.ends')}</th>
            <th scope="col">{t('foreignEnterprises.renewTo')}</th>
          </tr>
        </thead>
        <tbody>
          {f.representatives.map((r) => {
            const renewal = renewalOf(r.id);
            const url = '/api/v1/service-desk/foreign-enterprises/{number}/representatives/{id}/renewals' as const;
            return (
              <tr key={r.id}>
                <td>
                  {r.givenName} {r.familyName}
                </td>
                <td>{displayPerson(r.person)}</td>
                <td>{formatDate(r.endDate, i18n.language)}</td>
                <td>
                  {f.status === 'registered' && r.status === 'active' && !renewal && (
                    <>
                      <Field
                        label={t('foreignEnterprises.renewTo')}
                        type="date"
                        value={renewTo[r.id] ?? ''}
                        onChange={(v) => setRenewTo((m) => ({ ...m, [r.id]: v }))}
                        error={fieldError(t, error, 'endDate')}
                      />
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void act(() =>
                            call(
                              client.POST(url, {
                                params: { path: { ...path, id: r.id } },
                                body: { endDate: renewTo[r.id] ?? '' },
                              }),
                            ),
                          )
                        }
                      >
                        {t('foreignEnterprises.renew')}
                      </button>
                    </>
                  )}
                  {renewal && (
                    <>
                      <p>
                        {t('foreignEnterprises.renewal', {
                          date: formatDate(renewal.endDate, i18n.language),
                          who: displayPerson(renewal.proposedBy),
                        })}
                      </p>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() =>
                          void act(() =>
                            call(
                              client.POST(`${url}/decisions`, {
                                params: { path: { ...path, id: r.id } },
                                body: { decision: 'confirm' },
                              }),
                            ),
                          )
                        }
                      >
                        {t('foreignEnterprises.confirm')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{t('foreignEnterprises.documents')}</h2>
      <ul>
        {f.documents.map((d) => (
          <li key={d.id}>
            {d.filename} ({d.contentType})
          </li>
        ))}
      </ul>

      {f.status === 'registered' && (
        <section aria-labelledby="fe-link">
          <h2 id="fe-link">{t('foreignEnterprises.linkTitle')}</h2>
          {pendingLink ? (
            <>
              <p>
                {t('foreignEnterprises.linkProposed', {
                  kbo: displayEnterprise(pendingLink.kboNumber),
                  who: displayPerson(pendingLink.proposedBy),
                })}
              </p>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(() =>
                    call(
                      client.POST('/api/v1/service-desk/foreign-enterprises/{number}/links/{id}/decisions', {
                        params: { path: { ...path, id: pendingLink.id } },
                        body: { decision: 'confirm' },
                      }),
                    ),
                  )
                }
              >
                {t('foreignEnterprises.confirm')}
              </button>
            </>
          ) : (
            <form
              className="card"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void act(() =>
                  call(
                    client.POST('/api/v1/service-desk/foreign-enterprises/{number}/links', {
                      params: { path },
                      body: { kboNumber: kbo, reason },
                    }),
                  ),
                );
              }}
            >
              <Field
                label={t('foreignEnterprises.kboNumber')}
                value={kbo}
                onChange={setKbo}
                required
                error={fieldError(t, error, 'kboNumber')}
              />
              <Field
                label={t('foreignEnterprises.reason')}
                value={reason}
                onChange={setReason}
                required
                maxLength={1000}
                error={fieldError(t, error, 'reason')}
              />
              <p className="actions">
                <button type="submit" disabled={busy}>
                  {t('foreignEnterprises.proposeLink')}
                </button>
              </p>
            </form>
          )}
        </section>
      )}
    </section>
  );
}
