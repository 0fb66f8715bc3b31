import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '../../components/Alert.tsx';
import { sizeText } from '../../exception/files.ts';
import { deskReasonKey, type RequestPage } from '../../exception/types.ts';
import { displayEnterprise, displayPerson, formatDate, formatDateTime, localName } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { DecisionPanel } from './DecisionPanel.tsx';
import { DeskAttachment } from './DeskAttachment.tsx';
import { DeskRefusal } from './DeskGate.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TimeLeft } from './TimeLeft.tsx';

/**
 * One request, for an operator: everything it holds, the documents, the register's view, the
 * other requests for the enterprise, the history, and the decisions. The API audits each view.
 */
export function DeskRequest() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  // Opening a request's page is an audited look-up, hence a POST (issue 13, finding 9).
  const page = useApi<RequestPage>(`/api/v1/service-desk/exception-requests/${encodeURIComponent(id)}/views`, 'POST');
  const [decided, setDecided] = useState<string | null>(null);
  const r = page.data;
  useTitle(r ? t('desk.requestTitle', { reference: r.reference }) : t('desk.queueTitle'));
  if (page.error !== undefined && !r) return <DeskRefusal error={page.error} />;
  if (!r) return <p aria-live="polite">{t('app.loading')}</p>;
  const lang = i18n.language;
  const name = localName(r.register.names, lang) ?? displayEnterprise(r.register.enterprise);
  const q = r.requester;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk">{t('desk.queueTitle')}</Link>
      </p>
      <h1>{t('desk.requestTitle', { reference: r.reference })}</h1>
      {decided && (
        <Alert kind="success">{t('desk.decided', { status: t(`desk.statuses.${decided as 'approved'}`) })}</Alert>
      )}
      <dl className="summary">
        <dt>{t('desk.status')}</dt>
        <dd>
          <StatusBadge status={r.status} desk />
        </dd>
        <dt>{t('desk.enterprise')}</dt>
        <dd>
          {name} ({displayEnterprise(r.register.enterprise)})
        </dd>
        <dt>{t('desk.reason')}</dt>
        <dd>
          {t(deskReasonKey(r.reason))}
          {r.reasonText && <blockquote>{r.reasonText}</blockquote>}
        </dd>
        <dt>{t('desk.submitted')}</dt>
        <dd>{formatDateTime(r.submittedAt, lang)}</dd>
        <dt>{t('desk.timeLeft')}</dt>
        <dd>
          <TimeLeft days={r.workingDaysLeft} warning={r.warning} target={r.targetDate} />
        </dd>
      </dl>

      <div className="two-col">
        <section className="card" aria-labelledby="requester-title">
          <h2 id="requester-title">{t('desk.requester')}</h2>
          <dl className="summary">
            <dt>{t('desk.name')}</dt>
            <dd>
              {q.givenName} {q.familyName}
            </dd>
            <dt>{t('desk.identity')}</dt>
            <dd>
              {q.personNumber
                ? displayPerson(q.personNumber)
                : q.idDocument
                  ? t('desk.idDocument', {
                      type: t(`exception.idTypes.${q.idDocument.type as 'passport'}`),
                      number: q.idDocument.number,
                      country: q.idDocument.issuingCountry,
                      expiry: formatDate(q.idDocument.expiry, lang),
                    })
                  : '—'}
            </dd>
            <dt>{t('desk.capacity')}</dt>
            <dd>{q.capacity}</dd>
            <dt>{t('fields.email')}</dt>
            <dd>{q.email}</dd>
            {q.phone && (
              <>
                <dt>{t('fields.phone')}</dt>
                <dd>{q.phone}</dd>
              </>
            )}
            <dt>{t('app.language')}</dt>
            <dd>{q.language ? t(`lang.${q.language as 'en'}`) : ''}</dd>
            {r.submittedBy && (
              <>
                <dt>{t('desk.loggedIn')}</dt>
                <dd>{r.submittedBy}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="card" aria-labelledby="proposed-title">
          <h2 id="proposed-title">{t('desk.proposed')}</h2>
          <dl className="summary">
            <dt>{t('desk.name')}</dt>
            <dd>
              {r.proposed.givenName} {r.proposed.familyName}
            </dd>
            <dt>{t('fields.person')}</dt>
            <dd>{displayPerson(r.proposed.person)}</dd>
            <dt>{t('fields.email')}</dt>
            <dd>{r.proposed.email}</dd>
            <dt>{t('fields.phone')}</dt>
            <dd>{r.proposed.phone}</dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">{t('desk.documents')}</h2>
        {r.missingDocuments.length > 0 && (
          <p className="badge warn">
            {t('desk.missing', {
              list: r.missingDocuments.map((k) => t(`desk.documentKinds.${k as 'other'}`)).join(', '),
            })}
          </p>
        )}
        <ul className="attachments">
          {r.attachments.map((a) => (
            <li key={a.id} className="card">
              <h3>{t(`desk.documentKinds.${a.kind as 'other'}`)}</h3>
              <p className="small muted">
                {a.filename} · {sizeText(a.size)} · {formatDateTime(a.uploadedAt, lang)}
              </p>
              <DeskAttachment url={a.url} filename={a.filename} contentType={a.contentType} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="register-title">
        <h2 id="register-title">{t('desk.register')}</h2>
        {!r.register.found ? (
          <p className="badge warn">{t('desk.registerNotFound')}</p>
        ) : (
          <>
            <p>
              {r.register.names.map((n) => n.name).join(' / ')} ·{' '}
              {r.register.isStopped ? (
                <span className="badge danger">{t('desk.stopped')}</span>
              ) : (
                <span>{t('desk.active')}</span>
              )}
              {r.register.startDate && <> · {t('app.since', { date: formatDate(r.register.startDate, lang) })}</>}
            </p>
            <p>
              {r.register.currentMain
                ? t('desk.currentMain', {
                    person: displayPerson(r.register.currentMain.person),
                    procedure: t(`procedure.${r.register.currentMain.procedure as 'standard'}`),
                  })
                : t('desk.noMain')}
            </p>
            <div className="table-wrap">
              <table>
                <caption className="small-heading">{t('desk.functions')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('desk.name')}</th>
                    <th scope="col">{t('desk.function')}</th>
                    <th scope="col">{t('desk.period')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.register.functions.map((f) => (
                    <tr
                      key={`${f.person}-${f.functionCode}-${f.startDate}`}
                      className={f.isCurrent ? undefined : 'ended'}
                    >
                      <td data-label={t('desk.name')}>
                        {f.name ?? ''} <span className="muted">{displayPerson(f.person)}</span>
                      </td>
                      <td data-label={t('desk.function')}>
                        {f.functionCode} · {f.isCurrent ? t('desk.current') : t('desk.ended')}
                      </td>
                      <td data-label={t('desk.period')}>
                        {formatDate(f.startDate, lang)} – {f.endDate ? formatDate(f.endDate, lang) : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="others-title">
        <h2 id="others-title">{t('desk.others')}</h2>
        {r.otherRequests.length === 0 ? (
          <p>{t('desk.noOthers')}</p>
        ) : (
          <ul>
            {r.otherRequests.map((o) => (
              <li key={o.id}>
                <Link to={`/service-desk/requests/${o.id}`} reloadDocument>
                  {o.reference}
                </Link>{' '}
                · <StatusBadge status={o.status} desk /> · {formatDate(o.submittedAt, lang)} ·{' '}
                {displayPerson(o.proposedPerson)}
                {o.isDuplicate && <span className="badge warn">{t('desk.duplicate')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('desk.history')}</h2>
        <ol className="history">
          {r.history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a history is append-only
            <li key={i}>
              <span className="muted">{formatDateTime(h.at, lang)}</span> ·{' '}
              {t(`desk.actions.${h.action as 'submitted'}`, { defaultValue: h.action })} ·{' '}
              <span className="muted">
                {h.role === 'service_desk'
                  ? `${t('roles.service_desk')} ${displayPerson(h.actor)}`
                  : t('desk.byRequester')}
              </span>
              {h.message && <blockquote>{h.message}</blockquote>}
            </li>
          ))}
        </ol>
      </section>

      {r.status === 'approved' || r.status === 'rejected' ? (
        <section className="card note" aria-labelledby="decided-title">
          <h2 id="decided-title">{t('desk.decisionTaken')}</h2>
          <p>
            <StatusBadge status={r.status} desk /> {r.decision.decidedAt && formatDateTime(r.decision.decidedAt, lang)}
          </p>
          {r.decision.reason && <blockquote>{r.decision.reason}</blockquote>}
          {r.decision.overrideReason && <p>{t('desk.overrideRecorded', { reason: r.decision.overrideReason })}</p>}
        </section>
      ) : (
        <DecisionPanel
          request={r}
          enterpriseName={name}
          onDecided={(s) => {
            setDecided(s);
            page.reload();
          }}
        />
      )}
    </section>
  );
}
