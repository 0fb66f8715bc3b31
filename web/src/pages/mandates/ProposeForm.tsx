import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, call, client } from '../../api.ts';
import { capacityName } from '../../capacity-name.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field, FieldFrame } from '../../components/Field.tsx';
import { isStepUpError, StepUpCard } from '../../components/StepUp.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { displayEnterprise, enterpriseParam, formatDate, isEnterpriseNumber } from '../../format.ts';
import { useApi, useLocalised } from '../../hooks.ts';
import type { Domain, MandateSide } from '../../types.ts';

type Capacities = Answer<'/api/v1/enterprises/{en}/capacities'>['capacities'];

/** Propose a mandate to another enterprise: which side it is, the domains it covers, the client's capacity. */
export function ProposeForm({ en, domains, onDone }: { en: string; domains: Domain[]; onDone(text: string): void }) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const [other, setOther] = useState('');
  const [side, setSide] = useState<MandateSide>('mandatary');
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
