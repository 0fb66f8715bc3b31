import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise, formatDate, personLabel } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import type { ManagementTree, TreeAppointment } from '../types.ts';

type Origin = Pick<TreeAppointment, 'by' | 'byName' | 'byRole' | 'procedure' | 'onRequestOf' | 'mandataryName' | 'at'>;

/**
 * "Who manages us?" (issue 17, section 2): the whole tree for the legal representatives (and the
 * main and co-main), with its downloads and, next to each main or co-main, "this was not us".
 */
export function Management() {
  const { en = '' } = useParams();
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains();
  const roles = useMyRoles(en);
  useTitle(t('management.title'));
  const tree = useApi<ManagementTree>(`/api/v1/enterprises/${en}/management-tree`);
  const [reporting, setReporting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | null>(null);
  const services = useMemo(() => {
    const m = new Map<string, string>();
    for (const d of domains) for (const s of d.services) m.set(s.code, loc(s.name));
    return m;
  }, [domains, loc]);
  const domainName = (c: string) => {
    const d = domains.find((x) => x.code === c);
    return d ? loc(d.name) : c;
  };
  const roleName = (r: string) => t(`roles.${r}` as 'roles.main', { defaultValue: r }) as string;
  const day = (iso: string | null) => formatDate(iso, i18n.language);

  const origin = (o: Origin, verb: 'appointedBy' | 'grantedBy') => (
    <span className="muted">
      {t(`management.${verb}`, { name: o.byName ?? t('management.bySomeone'), role: roleName(o.byRole) })}
      {' · '}
      {t(`procedure.${o.procedure === 'exception' ? 'exception' : 'standard'}`)}
      {o.onRequestOf && ` · ${t('management.onRequestOf', { name: o.onRequestOf })}`}
      {o.mandataryName && ` · ${t('management.underMandate', { name: o.mandataryName })}`}
      {' · '}
      {t('management.since', { date: day(o.at) })}
    </span>
  );

  const send = async (a: TreeAppointment) => {
    setBusy(true);
    setError(undefined);
    setMessage(null);
    try {
      const r = await api<{ report: { suspended: boolean } }>(
        `/api/v1/enterprises/${en}/appointments/${a.id}/reports`,
        {
          method: 'POST',
          body: { reason },
        },
      );
      setMessage(r.report.suspended ? t('management.sentSuspended') : t('management.sentOnly'));
      setReporting(null);
      setReason('');
      tree.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const appointment = (a: TreeAppointment, canReport: boolean) => (
    <li key={a.id}>
      <strong>{personLabel(a.name, a.person)}</strong>
      {a.validUntil && ` · ${t('management.until', { date: day(a.validUntil) })}`}
      <br />
      {origin(a, 'appointedBy')}
      {a.isReported && (
        <>
          {' '}
          <span className="badge warn">{t('management.reported')}</span>
        </>
      )}
      {canReport && roles.isLr && !a.isReported && a.state === 'active' && (
        <div>
          {reporting === a.id ? (
            <div className="field">
              <label htmlFor={`reason-${a.id}`}>{t('management.notUsReason')}</label>
              <textarea
                id={`reason-${a.id}`}
                rows={2}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <p className="hint small">
                {a.procedure === 'exception' ? t('management.notUsHintException') : t('management.notUsHintStandard')}
              </p>
              <button type="button" className="danger" disabled={busy} onClick={() => void send(a)}>
                {t('management.send')}
              </button>
            </div>
          ) : (
            <button type="button" className="secondary" onClick={() => setReporting(a.id)}>
              {t('management.notUs')}
            </button>
          )}
        </div>
      )}
    </li>
  );
  const list = (items: TreeAppointment[], canReport = false) =>
    items.length ? (
      <ul>{items.map((a) => appointment(a, canReport))}</ul>
    ) : (
      <p className="muted">{t('management.none')}</p>
    );

  const d = tree.data;
  const exportUrl = (format: 'csv' | 'json') => `/api/v1/enterprises/${en}/management-tree/export?format=${format}`;
  return (
    <section>
      <p>
        <Link to={`/enterprises/${en}`}>{t('management.back', { enterprise: displayEnterprise(en) })}</Link>
      </p>
      <h1>{t('management.title')}</h1>
      {d && <p className="lead">{t('management.lead', { name: d.enterpriseName })}</p>}
      {message && <Alert kind="success">{message}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {tree.error !== undefined && <Alert kind="error">{errorMessage(t, tree.error)}</Alert>}
      {d && (
        <>
          <p className="actions">
            <a className="button secondary" href={exportUrl('csv')} download>
              {t('management.exportCsv')}
            </a>
            <a className="button secondary" href={exportUrl('json')} download>
              {t('management.exportJson')}
            </a>
          </p>
          <article className="card" aria-labelledby="tree-lrs">
            <h2 id="tree-lrs">{t('management.lrs')}</h2>
            <ul>
              {d.legalRepresentatives.map((l) => (
                <li key={l.person}>
                  {personLabel(l.name, l.person)} · {t('management.since', { date: day(l.since) })}
                </li>
              ))}
            </ul>
          </article>
          <article className="card" aria-labelledby="tree-main">
            <h2 id="tree-main">{t('management.main')}</h2>
            {list(d.main ? [d.main] : [], true)}
            <h2 id="tree-co-main">{t('management.coMain')}</h2>
            {list(d.coMain, true)}
            {d.suspended.length > 0 && (
              <>
                <h2 id="tree-suspended">{t('management.suspended')}</h2>
                {list(d.suspended)}
              </>
            )}
          </article>
          <article className="card" aria-labelledby="tree-domains">
            <h2 id="tree-domains">{t('management.domains')}</h2>
            {d.domains.map((x) => (
              <div key={x.domain}>
                <h3>{domainName(x.domain)}</h3>
                {list([...x.managers, ...x.actingUnderMandate])}
              </div>
            ))}
          </article>
          <article className="card" aria-labelledby="tree-users">
            <h2 id="tree-users">{t('management.users')}</h2>
            {d.users.length === 0 && <p className="muted">{t('management.none')}</p>}
            {d.users.map((u) => (
              <div key={u.service}>
                <h3>{services.get(u.service) ?? u.service}</h3>
                <ul>
                  {u.grants.map((g) => (
                    <li key={g.id}>
                      <strong>{personLabel(g.name, g.person)}</strong>
                      {g.validUntil && ` · ${t('management.until', { date: day(g.validUntil) })}`}
                      <br />
                      {origin(g, 'grantedBy')}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </article>
          {(
            [
              ['mandatesForUs', d.mandates.actingForUs],
              ['mandatesWeAct', d.mandates.weActFor],
            ] as const
          ).map(([key, items]) => (
            <article className="card" aria-labelledby={`tree-${key}`} key={key}>
              <h2 id={`tree-${key}`}>{t(`management.${key}`)}</h2>
              {items.length === 0 && <p className="muted">{t('management.none')}</p>}
              <ul>
                {items.map((m) => (
                  <li key={m.id}>
                    <strong>
                      {m.enterpriseName} ({displayEnterprise(m.enterprise)})
                    </strong>
                    <br />
                    <span className="muted">
                      {t('management.mandateLine', {
                        status: m.status,
                        scope: m.scope
                          .map((s) => (s.service ? (services.get(s.service) ?? s.service) : domainName(s.domain)))
                          .join(', '),
                        date: day(m.validFrom),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </>
      )}
    </section>
  );
}
