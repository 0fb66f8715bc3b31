import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccessRequest, accessRequestsApi } from '../../api/access-requests.ts';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field, FieldFrame, TextArea } from '../../components/Field.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { displayEnterprise, formatDate } from '../../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../../hooks.ts';
import type { Domain } from '../../types.ts';

const FIELDS = ['enterprise', 'service', 'role', 'accessManagerOf', 'message', 'validUntil', 'email', 'phone'];
const EMPTY = { enterprise: '', service: '', role: '', domain: '', message: '', validUntil: '', email: '', phone: '' };

/** What a request asks for, in the reader's language. */
export function useRequestLabel() {
  const { t } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains();
  return (r: Pick<AccessRequest, 'kind' | 'domain' | 'service' | 'role'>) => {
    const d = domains.find((x) => x.code === r.domain);
    if (r.kind === 'access_manager') return t('accessRequests.managerOf', { domain: d ? loc(d.name) : r.domain });
    const s = d?.services.find((x) => x.code === r.service);
    const role = s?.roles?.find((x) => x.code === r.role);
    return `${s ? loc(s.name) : r.service}${r.role ? ` (${role ? loc(role.name) : r.role})` : ''}`;
  };
}

/**
 * Issue 18: the requester's page. Ask an enterprise (by its number) for a service, a role of it,
 * or to be access manager of a domain; follow one's requests and withdraw an open one.
 */
export function AskAccess() {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains().filter((d: Domain) => d.system === 'btb');
  useTitle(t('accessRequests.title'));
  const [kind, setKind] = useState<'service' | 'access_manager'>('service');
  const [form, setForm] = useState(EMPTY);
  const [found, setFound] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const service = domains.flatMap((d) => d.services).find((s) => s.code === form.service);
  const mine = useApi<{ requests: AccessRequest[] }>(accessRequestsApi.minePath);
  const label = useRequestLabel();
  const [withdrawing, setWithdrawing] = useState<AccessRequest | null>(null);
  const [listMessage, setListMessage] = useState<string | null>(null);
  const [listError, setListError] = useState<unknown>();

  const lookUp = async () => {
    setFound(null);
    setError(undefined);
    try {
      const e = await accessRequestsApi.enterprise(form.enterprise);
      setFound(`${e.names.find((n) => n.type === '001')?.name ?? e.names[0]?.name ?? ''} (${e.display})`);
    } catch (err) {
      setError(err);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    // The previous request's confirmation goes while this one is sent: left standing, it read as
    // the answer to this one (the browser test typed the next request into a form about to be reset).
    setDone(null);
    try {
      const r = await accessRequestsApi.ask(form.enterprise, {
        ...(kind === 'service'
          ? { service: form.service, ...(form.role ? { role: form.role } : {}) }
          : { accessManagerOf: form.domain, phone: form.phone, ...(form.email ? { email: form.email } : {}) }),
        message: form.message,
        ...(form.validUntil ? { validUntil: form.validUntil } : {}),
      });
      setDone(t('accessRequests.sent', { count: r.notified }));
      setForm(EMPTY);
      setFound(null);
      mine.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (r: AccessRequest) => {
    setListError(undefined);
    try {
      await accessRequestsApi.withdraw(r.id);
      setWithdrawing(null);
      setListMessage(t('accessRequests.withdrawn'));
      mine.reload();
    } catch (err) {
      setWithdrawing(null);
      setListError(err);
    }
  };

  const errorFor = (f: string) => fieldError(t, error, f);
  const general = error !== undefined && (!(error instanceof ApiError) || error.isGeneral(FIELDS));
  return (
    <section className="narrow">
      <h1>{t('accessRequests.title')}</h1>
      <p>{t('accessRequests.lead')}</p>
      {done && <Alert kind="success">{done}</Alert>}
      <form onSubmit={submit} noValidate>
        {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
        <Field
          label={t('accessRequests.enterprise')}
          hint={t('accessRequests.enterpriseHint')}
          value={form.enterprise}
          onChange={(v) => {
            set('enterprise')(v);
            setFound(null);
          }}
          onBlur={() => form.enterprise && lookUp()}
          error={errorFor('enterprise')}
          inputMode="numeric"
          autoComplete="off"
          required
        />
        {found && <p className="muted">{t('accessRequests.found', { name: found })}</p>}
        <fieldset>
          <legend>{t('accessRequests.what')}</legend>
          <label className="radio">
            <input type="radio" name="kind" checked={kind === 'service'} onChange={() => setKind('service')} />{' '}
            {t('accessRequests.kindService')}
          </label>
          <label className="radio">
            <input
              type="radio"
              name="kind"
              checked={kind === 'access_manager'}
              onChange={() => setKind('access_manager')}
            />{' '}
            {t('accessRequests.kindManager')}
          </label>
        </fieldset>
        {kind === 'service' ? (
          <>
            <FieldFrame label={t('accessRequests.service')} error={errorFor('service')} required>
              {(id, a11y) => (
                <select
                  id={id}
                  value={form.service}
                  onChange={(e) => setForm((f) => ({ ...f, service: e.target.value, role: '' }))}
                  required
                  {...a11y}
                >
                  <option value="">{t('accessRequests.pickService')}</option>
                  {domains.map((d) => (
                    <optgroup key={d.code} label={loc(d.name)}>
                      {d.services.map((s) => (
                        <option key={s.code} value={s.code}>
                          {loc(s.name)}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </FieldFrame>
            {service?.roles && service.roles.length > 0 && (
              <FieldFrame label={t('accessRequests.role')} error={errorFor('role')}>
                {(id, a11y) => (
                  <select id={id} value={form.role} onChange={(e) => set('role')(e.target.value)} {...a11y}>
                    <option value="">{t('accessRequests.anyRole')}</option>
                    {service.roles.map((r) => (
                      <option key={r.code} value={r.code}>
                        {loc(r.name)}
                      </option>
                    ))}
                  </select>
                )}
              </FieldFrame>
            )}
          </>
        ) : (
          <>
            <FieldFrame label={t('accessRequests.domain')} error={errorFor('accessManagerOf')} required>
              {(id, a11y) => (
                <select id={id} value={form.domain} onChange={(e) => set('domain')(e.target.value)} required {...a11y}>
                  <option value="">{t('accessRequests.pickDomain')}</option>
                  {domains.map((d) => (
                    <option key={d.code} value={d.code}>
                      {loc(d.name)}
                    </option>
                  ))}
                </select>
              )}
            </FieldFrame>
            {/* Not ContactFields: here the e-mail is optional (the account's address serves) and
                the labels speak to the requester about themselves ("your e-mail address"). */}
            <Field
              label={t('accessRequests.email')}
              type="email"
              value={form.email}
              onChange={set('email')}
              error={errorFor('email')}
              autoComplete="email"
            />
            <Field
              label={t('accessRequests.phone')}
              type="tel"
              value={form.phone}
              onChange={set('phone')}
              error={errorFor('phone')}
              autoComplete="tel"
              required
            />
          </>
        )}
        <TextArea
          label={t('accessRequests.message')}
          hint={t('accessRequests.messageHint')}
          value={form.message}
          onChange={set('message')}
          error={errorFor('message')}
          maxLength={1000}
          required
        />
        <Field
          label={t('accessRequests.wishedUntil')}
          hint={t('accessRequests.wishedHint')}
          type="date"
          value={form.validUntil}
          onChange={set('validUntil')}
          error={errorFor('validUntil')}
        />
        <p className="actions">
          <button type="submit" disabled={busy}>
            {t('accessRequests.send')}
          </button>
        </p>
      </form>

      <section className="card" aria-labelledby="my-requests">
        <h2 id="my-requests">{t('accessRequests.mineTitle')}</h2>
        {listMessage && <Alert kind="success">{listMessage}</Alert>}
        {listError !== undefined && <Alert kind="error">{errorMessage(t, listError)}</Alert>}
        {mine.error !== undefined && <Alert kind="error">{errorMessage(t, mine.error)}</Alert>}
        {mine.data?.requests.length === 0 && <p>{t('accessRequests.none')}</p>}
        {mine.data && mine.data.requests.length > 0 && (
          <ul className="rights">
            {mine.data.requests.map((r) => (
              <li key={r.id} data-request={r.id}>
                <strong>{label(r)}</strong> · {displayEnterprise(r.enterprise)}
                <br />
                <span className="muted">
                  {t('accessRequests.asked')} {formatDate(r.createdAt, i18n.language)} ·{' '}
                </span>
                <span className="badge">{t(`accessRequests.status_${r.status}` as 'accessRequests.status_open')}</span>
                {r.status === 'open' && (
                  <>
                    {' '}
                    <span className="muted">
                      {t('accessRequests.expires')} {formatDate(r.expiresAt, i18n.language)}
                    </span>{' '}
                    <button type="button" className="secondary" onClick={() => setWithdrawing(r)}>
                      {t('accessRequests.withdraw')}
                    </button>
                  </>
                )}
                {r.reason && <p>{t('accessRequests.reason', { reason: r.reason })}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConfirmDialog
        open={withdrawing !== null}
        confirmLabel={t('accessRequests.withdraw')}
        onConfirm={() => withdrawing && withdraw(withdrawing)}
        onCancel={() => setWithdrawing(null)}
      >
        <p>{t('accessRequests.withdrawConfirm')}</p>
      </ConfirmDialog>
    </section>
  );
}
