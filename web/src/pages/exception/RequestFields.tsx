import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Field, TextArea } from '../../components/Field.tsx';
import type { Draft } from '../../exception/draft.ts';
import { ID_TYPES, REASONS } from '../../exception/types.ts';

export interface FieldsProps {
  draft: Draft;
  set<K extends keyof Draft>(k: K): (v: Draft[K]) => void;
  errorFor(k: keyof Draft): string | undefined;
}

function useT(): TFunction {
  return useTranslation().t;
}

export function EnterpriseFields({ draft, set, errorFor }: FieldsProps) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t('exception.sections.enterprise')}</legend>
      <Field
        label={t('exception.fields.enterprise')}
        hint={t('exception.fields.enterpriseHint')}
        value={draft.enterprise}
        onChange={set('enterprise')}
        error={errorFor('enterprise')}
        inputMode="numeric"
        autoComplete="off"
        required
      />
    </fieldset>
  );
}

export function RequesterFields({ draft, set, errorFor }: FieldsProps) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t('exception.sections.requester')}</legend>
      <p className="hint">{t('exception.requesterLead')}</p>
      <Field
        label={t('exception.fields.givenName')}
        value={draft.givenName}
        onChange={set('givenName')}
        error={errorFor('givenName')}
        autoComplete="given-name"
        required
      />
      <Field
        label={t('exception.fields.familyName')}
        value={draft.familyName}
        onChange={set('familyName')}
        error={errorFor('familyName')}
        autoComplete="family-name"
        required
      />
      <fieldset className="inner">
        <legend>{t('exception.fields.hasNumber')}</legend>
        <label className="radio">
          <input type="radio" name="hasNumber" checked={draft.hasNumber} onChange={() => set('hasNumber')(true)} />
          {t('exception.fields.hasNumberYes')}
        </label>
        <label className="radio">
          <input type="radio" name="hasNumber" checked={!draft.hasNumber} onChange={() => set('hasNumber')(false)} />
          {t('exception.fields.hasNumberNo')}
        </label>
      </fieldset>
      {draft.hasNumber ? (
        <Field
          label={t('fields.person')}
          hint={t('fields.personHint')}
          value={draft.personNumber}
          onChange={set('personNumber')}
          error={errorFor('personNumber')}
          inputMode="numeric"
          autoComplete="off"
          required
        />
      ) : (
        <>
          <div className="field">
            <label htmlFor="id-type">{t('exception.fields.idType')}</label>
            <select id="id-type" value={draft.idType} onChange={(e) => set('idType')(e.target.value)}>
              {ID_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`exception.idTypes.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('exception.fields.idNumber')}
            value={draft.idNumber}
            onChange={set('idNumber')}
            error={errorFor('idNumber')}
            autoComplete="off"
            required
          />
          <Field
            label={t('exception.fields.idCountry')}
            hint={t('exception.fields.idCountryHint')}
            value={draft.idCountry}
            onChange={(v) => set('idCountry')(v.toUpperCase())}
            error={errorFor('idCountry')}
            maxLength={2}
            autoComplete="off"
            required
          />
          <Field
            label={t('exception.fields.idExpiry')}
            type="date"
            value={draft.idExpiry}
            onChange={set('idExpiry')}
            error={errorFor('idExpiry')}
            required
          />
        </>
      )}
      <Field
        label={t('exception.fields.capacity')}
        hint={t('exception.fields.capacityHint')}
        value={draft.capacity}
        onChange={set('capacity')}
        error={errorFor('capacity')}
        autoComplete="organization-title"
        required
      />
      <Field
        label={t('fields.email')}
        hint={t('exception.fields.emailHint')}
        type="email"
        value={draft.email}
        onChange={set('email')}
        error={errorFor('email')}
        autoComplete="email"
        required
      />
      <Field
        label={t('exception.fields.phoneOptional')}
        hint={t('fields.phoneHint')}
        type="tel"
        value={draft.phone}
        onChange={set('phone')}
        error={errorFor('phone')}
        autoComplete="tel"
      />
    </fieldset>
  );
}

export function ProposedFields({ draft, set, errorFor }: FieldsProps) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t('exception.sections.proposed')}</legend>
      <p className="hint">{t('exception.proposedLead')}</p>
      <Field
        label={t('fields.person')}
        hint={t('fields.personHint')}
        value={draft.proposedNumber}
        onChange={set('proposedNumber')}
        error={errorFor('proposedNumber')}
        inputMode="numeric"
        autoComplete="off"
        required
      />
      <Field
        label={t('exception.fields.givenName')}
        value={draft.proposedGivenName}
        onChange={set('proposedGivenName')}
        error={errorFor('proposedGivenName')}
        autoComplete="off"
        required
      />
      <Field
        label={t('exception.fields.familyName')}
        value={draft.proposedFamilyName}
        onChange={set('proposedFamilyName')}
        error={errorFor('proposedFamilyName')}
        autoComplete="off"
        required
      />
      <Field
        label={t('fields.email')}
        type="email"
        value={draft.proposedEmail}
        onChange={set('proposedEmail')}
        error={errorFor('proposedEmail')}
        autoComplete="off"
        required
      />
      <Field
        label={t('fields.phone')}
        hint={t('fields.phoneHint')}
        type="tel"
        value={draft.proposedPhone}
        onChange={set('proposedPhone')}
        error={errorFor('proposedPhone')}
        autoComplete="off"
        required
      />
    </fieldset>
  );
}

export function ReasonFields({ draft, set, errorFor }: FieldsProps) {
  const t = useT();
  const error = errorFor('reason');
  return (
    <fieldset className={error ? 'has-error' : undefined} aria-describedby={error ? 'reason-error' : undefined}>
      <legend>{t('exception.sections.reason')}</legend>
      {error && (
        <p className="field-error" id="reason-error">
          {error}
        </p>
      )}
      {REASONS.map((r) => (
        <label key={r} className="radio">
          <input type="radio" name="reason" checked={draft.reason === r} onChange={() => set('reason')(r)} />
          {t(`exception.reasons.${r}`)}
        </label>
      ))}
      <TextArea
        label={draft.reason === 'other' ? t('exception.fields.reasonTextRequired') : t('exception.fields.reasonText')}
        hint={t('exception.fields.reasonTextHint')}
        value={draft.reasonText}
        onChange={set('reasonText')}
        error={errorFor('reasonText')}
        maxLength={2000}
        required={draft.reason === 'other'}
      />
    </fieldset>
  );
}
