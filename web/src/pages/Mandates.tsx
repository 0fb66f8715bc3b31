import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type Answer, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field, FieldFrame } from '../components/Field.tsx';
import { isStepUpError, StepUpCard } from '../components/StepUp.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, enterpriseParam, formatDate, isEnterpriseNumber } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import { useSession } from '../session.tsx';
import type { Domain } from '../types.ts';

type Side = 'mandator' | 'mandatary';

type Mandate = Answer<'/api/v1/enterprises/{en}/mandates'>['items'][number];
type Capacities = Answer<'/api/v1/enterprises/{en}/capacities'>['capacities'];

/** The name of a capacity (issue 19: employer, social_secretariat, service_provider) in the page's language. */
export function capacityName(t: TFunction, capacity: string): string {
  return t(`mandates.capacities.${capacity}`, { defaultValue: capacity });
}

/**
 * Mandates between enterprises (issue 9): A sees who at B acts for it, B sees its clients.
 * Each side accepts or rejects what the other proposed and may end a mandate at any time.
 */
export function Mandates() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const roles = useMyRoles(en);
  const { me } = useSession();
  const domains = useDomains();
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const name = roles.mine?.name ?? displayEnterprise(en);
  useTitle(`${t('mandates.title')} · ${name}`);
  const canSign = roles.isLr || roles.isMain || roles.isCoMain;
  const changed = (text: string) => {
    setMessage(text);
    setRound((r) => r + 1);
  };

  return (
    <div>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{t('mandates.title')}</h1>
      <p className="muted">{t('dashboard.enterpriseNumber', { number: displayEnterprise(en) })}</p>
      {message && <Alert kind="success">{message}</Alert>}
      {/* signing a mandate needs high, like appointing the main access manager (issue 13) */}
      {canSign && me && me.loa !== 'high' && (
        <StepUpCard title={t('mandates.stepUpTitle')} body={t('mandates.stepUpBody')} />
      )}
      <MandateList key={`a${round}`} en={en} side="mandator" canSign={canSign} domains={domains} onChange={changed} />
      <MandateList key={`b${round}`} en={en} side="mandatary" canSign={canSign} domains={domains} onChange={changed} />
      {canSign && <ProposeForm en={en} domains={domains} onDone={changed} />}
    </div>
  );
}

function MandateList({
  en,
  side,
  canSign,
  domains,
  onChange,
}: {
  en: string;
  side: Side;
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

function ProposeForm({ en, domains, onDone }: { en: string; domains: Domain[]; onDone(text: string): void }) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const [other, setOther] = useState('');
  const [side, setSide] = useState<Side>('mandatary');
  const [chosen, setChosen] = useState<string[]>([]);
  const [capacity, setCapacity] = useState('');
  const [localError, setLocalError] = useState<{ other?: string; domains?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // every domain of the catalogue may be covered, the built-in ones too (issue 16, item 2)
  const offered = domains;
  // issue 19: the mandate is given for a capacity of the client (the mandator), as the registers list them
  // a KBO number in any spelling, or a foreign enterprise's F-number (issue 19)
  const typed = /^\s*[Ff]/.test(other) ? enterpriseParam(other) : enterpriseParam(other).padStart(10, '0');
  const mandator = side === 'mandatary' ? en : isEnterpriseNumber(other) ? typed : null;
  const held = useApi<{ capacities: Capacities }>(mandator ? `/api/v1/enterprises/${mandator}/capacities` : null);
  const capacities = [...new Map((held.data?.capacities ?? []).map((c) => [c.capacity, c])).values()];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: { other?: string; domains?: string } = {};
    if (!isEnterpriseNumber(other)) problems.other = t('errors.enterprise');
    if (chosen.length === 0) problems.domains = t('mandates.chooseDomain');
    setLocalError(problems);
    setError(undefined);
    if (problems.other || problems.domains) return;
    setBusy(true);
    try {
      const number = typed;
      // side is what the OTHER enterprise is: it acts for us (mandatary) or we act for it
      const what = { domains: chosen, ...(capacity ? { capacity } : {}) };
      const body = side === 'mandatary' ? { mandatary: number, ...what } : { mandator: number, ...what };
      await call(client.POST('/api/v1/enterprises/{en}/mandates', { params: { path: { en } }, body }));
      setOther('');
      setChosen([]);
      setCapacity('');
      onDone(t('mandates.done.propose', { number: displayEnterprise(number) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const otherError = localError.other ?? fieldError(t, error, 'mandator') ?? fieldError(t, error, 'mandatary');
  const capacityError = fieldError(t, error, 'capacity');
  const general = error !== undefined && !otherError && !capacityError && !fieldError(t, error, 'domains');
  return (
    <section className="card" aria-labelledby="mandates-propose">
      <h2 id="mandates-propose">{t('mandates.propose')}</h2>
      <p className="muted">{t('mandates.proposeIntro')}</p>
      {isStepUpError(error) ? (
        <StepUpCard title={t('mandates.stepUpTitle')} body={t('mandates.stepUpBody')} />
      ) : (
        general && <Alert kind="error">{errorMessage(t, error)}</Alert>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('mandates.sideLegend')}</legend>
          {(['mandatary', 'mandator'] as const).map((s) => (
            <label key={s} className="radio">
              <input type="radio" name="side" value={s} checked={side === s} onChange={() => setSide(s)} />{' '}
              {s === 'mandatary' ? t('mandates.sideTheyActForUs') : t('mandates.sideWeActForThem')}
            </label>
          ))}
        </fieldset>
        <Field
          label={t('mandates.otherNumber')}
          hint={t('mandates.otherNumberHint')}
          value={other}
          onChange={(v) => {
            setOther(v);
            setLocalError((p) => ({ ...p, other: undefined }));
          }}
          error={otherError}
          inputMode="numeric"
          autoComplete="off"
          required
        />
        <fieldset aria-describedby={localError.domains ? 'mandate-domains-error' : undefined}>
          <legend>{t('mandates.domainsLegend')}</legend>
          {localError.domains && (
            <p className="field-error" id="mandate-domains-error">
              {localError.domains}
            </p>
          )}
          {offered.map((d) => (
            <label key={d.code} className="radio">
              <input
                type="checkbox"
                value={d.code}
                checked={chosen.includes(d.code)}
                onChange={(e) => {
                  setChosen((c) => (e.target.checked ? [...c, d.code] : c.filter((x) => x !== d.code)));
                  setLocalError((p) => ({ ...p, domains: undefined }));
                }}
              />{' '}
              {loc(d.name)}
            </label>
          ))}
        </fieldset>
        <FieldFrame label={t('mandates.capacity')} hint={t('mandates.capacityHint')} error={capacityError}>
          {(id, a11y) => (
            <select id={id} value={capacity} onChange={(e) => setCapacity(e.target.value)} {...a11y}>
              <option value="">{t('mandates.noCapacity')}</option>
              {capacities.map((c) => (
                <option key={c.capacity} value={c.capacity}>
                  {c.heldToday
                    ? capacityName(t, c.capacity)
                    : t('mandates.startsLater', {
                        capacity: capacityName(t, c.capacity),
                        date: formatDate(c.startDate, i18n.language),
                      })}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <p className="actions">
          <button type="submit" disabled={busy}>
            {t('mandates.send')}
          </button>
        </p>
      </form>
    </section>
  );
}
