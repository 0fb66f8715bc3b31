import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { errorMessage } from '../errors.ts';
import { displayPerson, formatDate, inSentence, whoName } from '../format.ts';
import { useLocalised } from '../hooks.ts';
import type { Roles } from '../roles.ts';
import type { Domain, IneligibleAppointment, Manager, Managers } from '../types.ts';

type Removal = { kind: 'main' | 'co_main' | 'domain'; manager: Manager };

export function ManagersSection({
  en,
  data,
  roles,
  domains,
  flagged,
  onChange,
}: {
  en: string;
  data: Managers;
  roles: Roles;
  domains: Domain[];
  /** appointment id → why the registers no longer back its holder */
  flagged: Map<string, IneligibleAppointment['reason']>;
  onChange(): void;
}) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const canManageDomains = roles.isMain || roles.isCoMain;
  const domainName = (c: string) => {
    const d = domains.find((x) => x.code === c);
    return d ? loc(d.name) : c;
  };

  const row = (m: Manager, kind: Removal['kind'], canRemove: boolean) => (
    <li key={m.id} className="person-row">
      <div>
        <strong>{m.name ?? displayPerson(m.person)}</strong> <span className="muted">{displayPerson(m.person)}</span>
        <div className="small">
          {t('dashboard.appointedBy', {
            who: whoName(m.appointedBy, m.appointedByName, data) || t('procedure.unknown'),
            role: inSentence(t(`roles.${m.appointedByRole as 'main'}`), i18n.language),
          })}
          {' · '}
          {t('app.since', { date: formatDate(m.since, i18n.language) })}
          {' · '}
          {m.validUntil ? t('app.until', { date: formatDate(m.validUntil, i18n.language) }) : t('app.noEnd')}
          {m.procedure === 'exception' && ` · ${t('procedure.exception')}`}
        </div>
        <div className="small muted">
          {t('dashboard.contact')} {m.email} · {m.phone}
        </div>
        {flagged.has(m.id) && (
          <p className="badge warn small">
            <span aria-hidden="true">⚠ </span>
            {t(`dashboard.ineligible.${flagged.get(m.id) ?? 'not_employee_nor_legal_representative'}`)}
          </p>
        )}
      </div>
      {canRemove && (
        <button
          type="button"
          className="secondary small"
          onClick={() => setRemoval({ kind, manager: m })}
          aria-label={`${t('dashboard.remove')}: ${m.name ?? displayPerson(m.person)}`}
        >
          {t('dashboard.remove')}
        </button>
      )}
    </li>
  );

  const impact = (r: Removal): string[] => {
    const name = r.manager.name ?? displayPerson(r.manager.person);
    if (r.kind === 'main') return [t('confirm.removeMain', { name }), t('confirm.keepsAppointments')];
    const lines = [t('confirm.removeManager', { name, role: inSentence(t(`roles.${r.kind}`), i18n.language) })];
    if (r.kind === 'domain' && r.manager.domain) {
      const left = (data.domains[r.manager.domain] ?? []).filter((m) => m.id !== r.manager.id).length;
      const domain = domainName(r.manager.domain);
      lines.push(
        left === 0 ? t('confirm.lastInDomain', { domain }) : t('confirm.othersInDomain', { count: left, domain }),
      );
    }
    if (r.kind === 'co_main' && data.coMain.length === 1) lines.push(t('confirm.lastCoMain'));
    lines.push(t('confirm.keepsAppointments'));
    return lines;
  };

  const remove = async () => {
    if (!removal) return;
    setBusy(true);
    const m = removal.manager;
    try {
      await call(
        removal.kind === 'main'
          ? client.DELETE('/api/v1/enterprises/{en}/main-access-manager', { params: { path: { en } } })
          : removal.kind === 'co_main'
            ? client.DELETE('/api/v1/enterprises/{en}/co-main-access-managers/{person}', {
                params: { path: { en, person: m.person } },
              })
            : client.DELETE('/api/v1/enterprises/{en}/domains/{domain}/access-managers/{person}', {
                params: { path: { en, domain: m.domain ?? '', person: m.person } },
              }),
      );
      setMessage({
        kind: 'success',
        text: t('dashboard.removed', {
          name: m.name ?? displayPerson(m.person),
          role: inSentence(t(`roles.${removal.kind}`), i18n.language),
        }),
      });
      onChange();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(t, e) });
    } finally {
      setBusy(false);
      setRemoval(null);
    }
  };

  const shownDomains = domains.filter((d) => d.system === 'btb' || (data.domains[d.code]?.length ?? 0) > 0);

  return (
    <>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <section aria-labelledby="main-title" className="card">
        <h2 id="main-title">{t('dashboard.main')}</h2>
        {data.main ? <ul className="people">{row(data.main, 'main', roles.isLr)}</ul> : <p>{t('dashboard.noMain')}</p>}
      </section>

      <section aria-labelledby="co-title" className="card">
        <h2 id="co-title">{t('dashboard.coMain')}</h2>
        {data.coMain.length === 0 ? (
          <p>{t('dashboard.noCoMain')}</p>
        ) : (
          <ul className="people">{data.coMain.map((m) => row(m, 'co_main', roles.isMain))}</ul>
        )}
        {roles.isMain && (
          <Link className="button secondary" to={`/enterprises/${en}/managers/new?kind=co_main`}>
            {t('dashboard.appointCoMain')}
          </Link>
        )}
      </section>

      <section aria-labelledby="domains-title" className="card">
        <h2 id="domains-title">{t('dashboard.domains')}</h2>
        {shownDomains.map((d) => {
          const list = data.domains[d.code] ?? [];
          return (
            <div key={d.code} className="domain-block">
              <h3>
                {loc(d.name)} <span className="muted small">· {t(`system.${d.system}`)}</span>
              </h3>
              {list.length === 0 ? (
                <p className="muted">{t('dashboard.noDomainManager')}</p>
              ) : (
                <ul className="people">{list.map((m) => row(m, 'domain', canManageDomains))}</ul>
              )}
              {canManageDomains && (
                <Link
                  className="button secondary small"
                  to={`/enterprises/${en}/managers/new?kind=domain&domain=${encodeURIComponent(d.code)}`}
                  aria-label={`${t('dashboard.appointDomain')}: ${loc(d.name)}`}
                >
                  {t('dashboard.appointDomain')}
                </Link>
              )}
            </div>
          );
        })}
      </section>

      <ConfirmDialog
        open={removal !== null}
        confirmLabel={t('confirm.confirmRemove')}
        onConfirm={() => void remove()}
        onCancel={() => setRemoval(null)}
        busy={busy}
      >
        {removal && impact(removal).map((line) => <p key={line}>{line}</p>)}
      </ConfirmDialog>
    </>
  );
}
