import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Answer, call, client } from '../../api.ts';
import { capacityName } from '../../capacity-name.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { isStepUpError, StepUpCard } from '../../components/StepUp.tsx';
import { errorMessage } from '../../errors.ts';
import { displayEnterprise, displayPerson, formatDate } from '../../format.ts';
import { useApi, useLocalised } from '../../hooks.ts';
import type { Domain, MandateSide } from '../../types.ts';

type Mandate = Answer<'/api/v1/enterprises/{en}/mandates'>['items'][number];

/** One side's mandates (who acts for us, or our clients), each with its state and what the enterprise may do with it. */
export function MandateList({
  en,
  side,
  canSign,
  domains,
  onChange,
}: {
  en: string;
  side: MandateSide;
  canSign: boolean;
  domains: Domain[];
  onChange(text: string): void;
}) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const list = useApi<{ items: Mandate[] }>(`/api/v1/enterprises/${en}/mandates?side=${side}&limit=100`);
  const [ending, setEnding] = useState<Mandate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const heading = side === 'mandator' ? t('mandates.actForUs') : t('mandates.ourClients');
  const other = (m: Mandate) => (side === 'mandator' ? m.mandatary : m.mandator);
  const otherName = (m: Mandate) => m.counterpartName ?? displayEnterprise(other(m));
  const scopeText = (m: Mandate) =>
    m.scope
      .map((s) => {
        const d = domains.find((x) => x.code === s.domain);
        const svc = s.service ? d?.services.find((x) => x.code === s.service) : undefined;
        return svc ? loc(svc.name) : d ? loc(d.name) : (s.service ?? s.domain);
      })
      .join(', ');

  const act = async (m: Mandate, verb: 'accept' | 'reject' | 'end') => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.POST(`/api/v1/enterprises/{en}/mandates/{id}/${verb}`, { params: { path: { en, id: m.id } }, body: {} }),
      );
      setEnding(null);
      onChange(t(`mandates.done.${verb}`, { name: otherName(m) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`mandates-${side}`}>
      <h2 id={`mandates-${side}`}>{heading}</h2>
      <p className="muted">{side === 'mandator' ? t('mandates.actForUsIntro') : t('mandates.ourClientsIntro')}</p>
      {list.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      {isStepUpError(error) ? (
        <StepUpCard title={t('mandates.stepUpTitle')} body={t('mandates.stepUpBody')} />
      ) : (
        error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>
      )}
      {list.data?.items.length === 0 && <p>{t('mandates.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{side === 'mandator' ? t('mandates.office') : t('mandates.client')}</th>
                <th scope="col">{t('mandates.scope')}</th>
                <th scope="col">{t('mandates.period')}</th>
                <th scope="col">{t('dashboard.status')}</th>
                <th scope="col">{t('mandates.agents')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((m) => {
                const awaitsUs = m.status === 'proposed' && m.proposedBySide !== side;
                return (
                  <tr key={m.id}>
                    <td data-label={side === 'mandator' ? t('mandates.office') : t('mandates.client')}>
                      <strong>{otherName(m)}</strong>
                      <br />
                      <Link
                        to={`/enterprises/${en}/mandates/${m.id}`}
                        aria-label={t('mandate.detailsOf', { name: otherName(m) })}
                      >
                        {t('mandate.details')}
                      </Link>
                      <br />
                      <span className="muted">{displayEnterprise(other(m))}</span>
                    </td>
                    <td data-label={t('mandates.scope')}>
                      {scopeText(m)}
                      {m.capacity && (
                        <>
                          <br />
                          <span className="muted">
                            {t('mandates.asCapacity', { capacity: capacityName(t, m.capacity) })}
                          </span>
                        </>
                      )}
                    </td>
                    <td data-label={t('mandates.period')}>
                      {m.validUntil
                        ? t('mandates.fromTo', {
                            from: formatDate(m.validFrom, i18n.language),
                            to: formatDate(m.validUntil, i18n.language),
                          })
                        : t('mandates.from', { from: formatDate(m.validFrom, i18n.language) })}
                    </td>
                    <td data-label={t('dashboard.status')}>
                      {m.status === 'proposed'
                        ? awaitsUs
                          ? t('mandates.status.awaitsUs')
                          : t('mandates.status.awaitsThem')
                        : t(`mandates.status.${m.status === 'active' ? 'active' : 'ended'}`)}
                    </td>
                    <td data-label={t('mandates.agents')}>
                      {m.agents.length === 0 ? (
                        <span className="muted">{t('mandates.noAgents')}</span>
                      ) : (
                        <ul className="plain">
                          {m.agents.map((a) => (
                            <li key={`${a.person}-${a.kind}-${a.domain ?? ''}-${a.service ?? ''}`}>
                              {a.name ?? displayPerson(a.person)} ·{' '}
                              {a.kind === 'client_manager' ? t('mandates.clientManager') : t('mandates.user')}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td data-label={t('dashboard.actions')}>
                      {canSign && (
                        <div className="actions">
                          {awaitsUs && (
                            <>
                              <button type="button" disabled={busy} onClick={() => act(m, 'accept')}>
                                {t('mandates.accept')}
                              </button>
                              <button
                                type="button"
                                className="secondary"
                                disabled={busy}
                                onClick={() => act(m, 'reject')}
                              >
                                {t('mandates.reject')}
                              </button>
                            </>
                          )}
                          {(m.status === 'active' || (m.status === 'proposed' && !awaitsUs)) && (
                            <button type="button" className="danger" onClick={() => setEnding(m)}>
                              {m.status === 'active' ? t('mandates.end') : t('mandates.withdraw')}
                            </button>
                          )}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={ending !== null}
        confirmLabel={t('mandates.confirmEnd')}
        busy={busy}
        onConfirm={() => ending && act(ending, 'end')}
        onCancel={() => setEnding(null)}
      >
        <p>{ending && t('mandates.endQuestion', { name: otherName(ending) })}</p>
        <p>{t('mandates.endImpact')}</p>
        {ending && ending.agents.length > 0 && <p>{t('mandates.endAgents', { count: ending.agents.length })}</p>}
      </ConfirmDialog>
    </section>
  );
}
