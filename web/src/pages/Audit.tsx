import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api.ts';
import { type AuditAction, auditRoleParts } from '../audit-actions.ts';
import { auditCsv } from '../audit-csv.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, formatDateTime, personLabel } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { codeKey, i18next } from '../i18n/index.ts';
import { useMyRoles } from '../roles.ts';
import type { AuditItem, AuditPage } from '../types.ts';

/**
 * The actions the filter offers: the day-to-day ones, chosen from AUDIT_ACTIONS (which lists every
 * action the history can show, over 60), so the list is a subset by type, not a second copy.
 */
const ACTIONS: AuditAction[] = [
  'main_access_manager.appointed',
  'main_access_manager.replaced',
  'main_access_manager.removed',
  'main_access_manager.contact_updated',
  'co_main_access_manager.appointed',
  'co_main_access_manager.removed',
  'access_manager.appointed',
  'access_manager.removed',
  'grant.created',
  'grant.end_changed',
  'grant.revoked',
  'invitation.created',
  'invitation.accepted',
  'security.refused',
];

/** Filters live in the address, so a filtered history can be bookmarked and shared. */
export function Audit() {
  const { en = '' } = useParams();
  const { t, i18n } = useTranslation();
  const roles = useMyRoles(en);
  const name = roles.mine?.name ?? displayEnterprise(en);
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState({
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  });
  const [items, setItems] = useState<AuditItem[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  const [isLoading, setLoading] = useState(true);
  useTitle(t('audit.title', { name }));

  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams();
    for (const k of ['action', 'actor', 'from', 'to']) {
      const v = params.get(k);
      if (v) q.set(k, k === 'actor' ? v.replace(/\D/g, '') : v);
    }
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q.toString();
  };

  const load = async (before?: number) => {
    setLoading(true);
    try {
      const r = await api<AuditPage>(
        `/api/v1/enterprises/${en}/audit?${query(before ? { before: String(before) } : {})}`,
      );
      setItems((old) => (before ? [...old, ...r.items] : r.items));
      setNextBefore(r.nextBefore);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters in the address change
  useEffect(() => {
    void load();
  }, [params.toString(), en]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v) next.set(k, v);
    setParams(next);
  };

  const actionLabel = (a: string) => {
    const key = `audit.actions.${codeKey(a)}`;
    return i18next.exists(key) ? (t(key as never) as string) : a;
  };

  const domains = useDomains();
  const loc = useLocalised();
  // a role alone, or "mandatary:main": the main access manager, acting for the office
  const roleLabel = (recorded: string) => {
    const { side, role } = auditRoleParts(recorded);
    const base = i18next.exists(`roles.${role}`) ? t(`roles.${role as 'main'}`) : role;
    return side ? `${base} ${t(`audit.sides.${side}`)}` : base;
  };
  // Targets are a person number, "number@domain" for a domain appointment, or an e-mail address.
  // Under a mandate: "number@client" for a grant or a client manager, "mandator:number" for the other side.
  const targetLabel = (target: string | null, name?: string | null) => {
    const side = /^(mandator|mandatary):(\d{10})$/.exec(target ?? '');
    if (side)
      return `${t(side[1] === 'mandator' ? 'mandates.client' : 'mandates.office')} ${displayEnterprise(side[2] ?? '')}`;
    if (/^\d{10}$/.test(target ?? '')) return displayEnterprise(target ?? '');
    const m = /^(\d{11})(?:@(.+))?$/.exec(target ?? '');
    // a system, system user or request (a UUID): the system's name, as the server resolved it
    if (!m) return name ?? target;
    // a person by name, the number masked (issue 16, item 7)
    const who = personLabel(name, m[1]);
    if (/^\d{10}$/.test(m[2] ?? '')) return `${who} · ${displayEnterprise(m[2] ?? '')}`;
    const d = domains.find((x) => x.code === m[2]);
    return m[2] ? `${who} · ${d ? loc(d.name) : m[2]}` : who;
  };
  const fieldErr = (f: string) => fieldError(t, error, f);

  // The file a person opens in a spreadsheet: every page of the filtered history, in the
  // page's language and Brussels time (issue 16, item 6). The API's own CSV stays for machines.
  const [isExporting, setExporting] = useState(false);
  const download = async () => {
    setExporting(true);
    try {
      const all: AuditItem[] = [];
      let before: number | null = null;
      for (let i = 0; i < 200; i++) {
        const r: AuditPage = await api(
          `/api/v1/enterprises/${en}/audit?${query({ limit: '500', ...(before ? { before: String(before) } : {}) })}`,
        );
        all.push(...r.items);
        before = r.nextBefore;
        if (before === null) break;
      }
      const h = (k: 'when' | 'what' | 'who' | 'role' | 'target' | 'procedure' | 'before' | 'after' | 'request') =>
        t(`audit.csvHeader.${k}`);
      const text = auditCsv(all, {
        header: [
          h('when'),
          h('what'),
          h('who'),
          h('role'),
          h('target'),
          h('procedure'),
          h('before'),
          h('after'),
          h('request'),
        ],
        action: actionLabel,
        role: roleLabel,
        target: (x) => targetLabel(x.target, x.targetName) ?? '',
        procedure: (p) => (p === 'standard' || p === 'exception' ? t(`procedure.${p}`) : (p ?? '')),
        person: (x) => personLabel(x.actorName, x.actor),
      });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${t('audit.csvFile')}-${en}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };
  return (
    <section>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{t('audit.title', { name })}</h1>
      <p>{t('audit.lead')}</p>
      <form className="card filters" onSubmit={apply} aria-labelledby="filters-title">
        <h2 id="filters-title" className="small-heading">
          {t('audit.filters')}
        </h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="f-action">{t('audit.action')}</label>
            <select
              id="f-action"
              value={draft.action}
              onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
            >
              <option value="">{t('audit.anyAction')}</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('audit.actor')}
            value={draft.actor}
            onChange={(v) => setDraft((d) => ({ ...d, actor: v }))}
            inputMode="numeric"
            error={fieldErr('actor')}
          />
          <Field
            label={t('audit.from')}
            type="date"
            value={draft.from}
            onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
            error={fieldErr('from')}
          />
          <Field
            label={t('audit.to')}
            type="date"
            value={draft.to}
            onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
            error={fieldErr('to')}
          />
        </div>
        <div className="actions">
          <button type="submit">{t('audit.apply')}</button>
          <button type="button" className="secondary" onClick={() => void download()} disabled={isExporting}>
            {t('audit.csv')}
          </button>
        </div>
      </form>
      {error !== undefined && !['actor', 'from', 'to'].some((f) => fieldErr(f)) && (
        <Alert kind="error">{errorMessage(t, error)}</Alert>
      )}
      {!isLoading && items.length === 0 && !error && <p>{t('audit.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('audit.title', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.seq}>
                  <td data-label={t('audit.when')}>{formatDateTime(i.at, i18n.language)}</td>
                  <td data-label={t('audit.what')}>
                    {actionLabel(i.action)}
                    {i.procedure === 'exception' && <div className="small muted">{t('procedure.exception')}</div>}
                  </td>
                  <td data-label={t('audit.who')}>
                    {personLabel(i.actorName, i.actor)}
                    {i.actorRole && <div className="small muted">{roleLabel(i.actorRole)}</div>}
                  </td>
                  <td data-label={t('audit.target')}>{targetLabel(i.target, i.targetName)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null && (
        <button type="button" className="secondary" onClick={() => void load(nextBefore)} disabled={isLoading}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
