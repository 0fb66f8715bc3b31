import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { Field, FieldFrame, TextArea } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, formatDate } from '../format.ts';
import { useApi, useDomains } from '../hooks.ts';
import { useServiceName } from '../service-name.ts';
import type { Domain } from '../types.ts';

type Request = Answer<'/api/v1/enterprises/{en}/system-user-requests'>['requests'][number];
type System = Answer<'/api/v1/enterprises/{en}/systems'>['systems'][number];

/** Check boxes for some of the given services (all of them chosen at first). */
function ServiceChoice({
  legend,
  services,
  chosen,
  onChange,
  domains,
}: {
  legend: string;
  services: string[];
  chosen: string[];
  onChange(chosen: string[]): void;
  domains: Domain[];
}) {
  const serviceName = useServiceName(domains);
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {services.map((s) => (
        <label key={s} className="inline-check">
          <input
            type="checkbox"
            checked={chosen.includes(s)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, s] : chosen.filter((c) => c !== s))}
          />{' '}
          {serviceName(s)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The customer's side (issue 18, section 2): vendors' requests this person could approve, on the
 * system users page. Approving creates the system user and grants the chosen services (an access
 * manager of one domain keeps only the services of their domain); refusing needs a reason the
 * vendor reads. The API checks the power again at that moment.
 */
export function SystemUserRequestInbox({ en, onDecided }: { en: string; onDecided(message: string): void }) {
  const { t } = useTranslation();
  const inbox = useApi<{ requests: Request[] }>(`/api/v1/enterprises/${en}/system-user-requests`);
  const open = (inbox.data?.requests ?? []).filter((r) => r.status === 'open');
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="su-requests">
      <h2 id="su-requests">{t('systemUserRequests.inboxTitle')}</h2>
      {open.map((r) => (
        <RequestCard
          key={r.id}
          en={en}
          request={r}
          onDecided={(m) => {
            inbox.reload();
            onDecided(m);
          }}
        />
      ))}
    </section>
  );
}

function RequestCard({ en, request, onDecided }: { en: string; request: Request; onDecided(message: string): void }) {
  const { t, i18n } = useTranslation();
  const domains = useDomains();
  const serviceName = useServiceName(domains);
  const [chosen, setChosen] = useState(request.services);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const headingId = `sur-${request.id}`;
  const path = { params: { path: { en, id: request.id } } };

  const decide = async (approve: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      if (approve) {
        await call(
          client.POST('/api/v1/enterprises/{en}/system-user-requests/{id}/approve', {
            ...path,
            body: { services: chosen },
          }),
        );
        onDecided(t('systemUserRequests.approved', { system: request.system.name }));
      } else {
        await call(
          client.POST('/api/v1/enterprises/{en}/system-user-requests/{id}/refuse', { ...path, body: { reason } }),
        );
        onDecided(t('systemUserRequests.refused', { system: request.system.name }));
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reasonError = fieldError(t, error, 'reason');

  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{request.system.name}</h3>
      <p className="muted small">
        {t('systemUsers.vendor', { vendor: displayEnterprise(request.system.vendor) })} ·{' '}
        {t('systemUserRequests.expires', { date: formatDate(request.expiresAt, i18n.language) })}
      </p>
      <p>
        {t('systemUserRequests.wishes', { services: request.services.map((s) => serviceName(s)).join(', ') })}{' '}
        {request.wishedUntil
          ? t('app.until', { date: formatDate(request.wishedUntil, i18n.language) })
          : t('app.noEnd')}
      </p>
      {request.message && <blockquote>{request.message}</blockquote>}
      {error !== undefined && !reasonError && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <ServiceChoice
        legend={t('systemUserRequests.grantWhich')}
        services={request.services}
        chosen={chosen}
        onChange={setChosen}
        domains={domains}
      />
      <p className="actions">
        <button type="button" disabled={busy || chosen.length === 0} onClick={() => void decide(true)}>
          {t('systemUserRequests.approve')}
        </button>
      </p>
      <TextArea
        label={t('systemUserRequests.reason')}
        hint={t('systemUserRequests.reasonHint')}
        value={reason}
        onChange={setReason}
        rows={2}
        maxLength={500}
        error={reasonError}
      />
      <p className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void decide(false)}>
          {t('systemUserRequests.refuse')}
        </button>
      </p>
    </section>
  );
}

/**
 * The vendor's side: ask a customer enterprise, by number, to let one of its systems act for it,
 * and follow the answers (a refusal shows its reason), withdrawing a request still open.
 */
export function VendorRequests({ en, systems }: { en: string; systems: System[] }) {
  const { t, i18n } = useTranslation();
  const domains = useDomains();
  const serviceName = useServiceName(domains);
  const sent = useApi<{ requests: Request[] }>(`/api/v1/enterprises/${en}/sent-system-user-requests`);
  const [systemId, setSystemId] = useState('');
  const system = systems.find((s) => s.id === systemId);
  const [customer, setCustomer] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const customerError = fieldError(t, error, 'enterprise');
  const messageError = fieldError(t, error, 'message');
  const dateError = fieldError(t, error, 'validUntil');
  const general = error !== undefined && !customerError && !messageError && !dateError;

  const submit = async () => {
    if (!system) return;
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      await call(
        client.POST('/api/v1/enterprises/{en}/systems/{id}/requests', {
          params: { path: { en, id: system.id } },
          body: {
            enterprise: customer.trim(),
            services: chosen,
            ...(message.trim() ? { message } : {}),
            ...(validUntil ? { validUntil } : {}),
          },
        }),
      );
      setDone(t('systemUserRequests.sent', { system: system.name, enterprise: displayEnterprise(customer.trim()) }));
      setCustomer('');
      setMessage('');
      setValidUntil('');
      sent.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async (r: Request) => {
    setError(undefined);
    try {
      await call(
        client.POST('/api/v1/enterprises/{en}/sent-system-user-requests/{id}/withdraw', {
          params: { path: { en, id: r.id } },
          body: {},
        }),
      );
      sent.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      {systems.length > 0 && (
        <form
          className="card"
          noValidate
          aria-labelledby="send-request"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2 id="send-request">{t('systemUserRequests.sendTitle')}</h2>
          <p>{t('systemUserRequests.sendIntro')}</p>
          {done && <Alert kind="success">{done}</Alert>}
          {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
          <FieldFrame label={t('systemUserRequests.system')} required>
            {(id, a11y) => (
              <select
                id={id}
                value={systemId}
                required
                onChange={(e) => {
                  setSystemId(e.target.value);
                  setChosen(systems.find((s) => s.id === e.target.value)?.services ?? []);
                }}
                {...a11y}
              >
                <option value="">{t('systemUserRequests.chooseSystem')}</option>
                {systems.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          <Field
            label={t('systemUserRequests.customer')}
            hint={t('systemUserRequests.customerHint')}
            value={customer}
            onChange={setCustomer}
            required
            inputMode="numeric"
            error={customerError}
          />
          {system && (
            <ServiceChoice
              legend={t('systemUserRequests.services')}
              services={system.services}
              chosen={chosen}
              onChange={setChosen}
              domains={domains}
            />
          )}
          <TextArea
            label={t('systemUserRequests.message')}
            value={message}
            onChange={setMessage}
            rows={3}
            maxLength={1000}
            error={messageError}
          />
          <Field
            label={t('systemUsers.validUntil')}
            type="date"
            value={validUntil}
            onChange={setValidUntil}
            error={dateError}
          />
          <p className="actions">
            <button type="submit" disabled={busy || !system || chosen.length === 0}>
              {t('systemUserRequests.send')}
            </button>
          </p>
        </form>
      )}
      {sent.data && sent.data.requests.length > 0 && (
        <section aria-labelledby="sent-requests">
          <h2 id="sent-requests">{t('systemUserRequests.sentTitle')}</h2>
          <ul className="enterprise-list">
            {sent.data.requests.map((r) => (
              <li key={r.id} className="card">
                <p>
                  <strong>{r.system.name}</strong> → {displayEnterprise(r.enterprise)} ·{' '}
                  <span className="badge">{t(`systemUserRequests.status.${r.status}`)}</span>
                </p>
                <p className="muted small">
                  {r.services.map((s) => serviceName(s)).join(', ')} · {formatDate(r.createdAt, i18n.language)}
                </p>
                {r.reason && <blockquote>{t('systemUserRequests.reasonShown', { reason: r.reason })}</blockquote>}
                {r.status === 'open' && (
                  <button type="button" className="link-button" onClick={() => void withdraw(r)}>
                    {t('systemUserRequests.withdraw')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
