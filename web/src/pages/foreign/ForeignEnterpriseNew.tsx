import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field, FieldFrame } from '../../components/Field.tsx';
import { errorMessage, fieldError, fieldPathError } from '../../errors.ts';
import { useTitle } from '../../hooks.ts';

/** base64 of a file, in chunks: a spread of a few MB of bytes would overflow the call stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const EMPTY = {
  homeRegister: '',
  euid: '',
  nationalRegisterNumber: '',
  name: '',
  country: '',
  person: '',
  familyName: '',
  givenName: '',
  endDate: '',
};

/** The desk registers a foreign enterprise with one legal representative and its register extract. */
export function ForeignEnterpriseNew() {
  const { t } = useTranslation();
  useTitle(t('foreignEnterprises.register'));
  const navigate = useNavigate();
  const [form, setForm] = useState(EMPTY);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const err = (field: string) => fieldError(t, error, field);
  const rep = (field: string) => fieldPathError(t, error, `representatives.0.${field}`);
  const endDateError = rep('endDate') && t('foreignEnterprises.endDateError');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        client.POST('/api/v1/service-desk/foreign-enterprises', {
          body: {
            homeRegister: form.homeRegister,
            ...(form.euid.trim() ? { euid: form.euid } : {}),
            ...(form.nationalRegisterNumber.trim() ? { nationalRegisterNumber: form.nationalRegisterNumber } : {}),
            name: form.name,
            country: form.country,
            representatives: [
              { person: form.person, familyName: form.familyName, givenName: form.givenName, endDate: form.endDate },
            ],
            documents: file
              ? [{ kind: 'proof_of_representation', filename: file.name, contentBase64: await base64Of(file) }]
              : [],
          },
        }),
      );
      navigate(`/service-desk/foreign-enterprises/${created.number}`);
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk/foreign-enterprises">{t('foreignEnterprises.back')}</Link>
      </p>
      <h1>{t('foreignEnterprises.register')}</h1>
      <form className="card" noValidate onSubmit={submit}>
        {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
        <Field
          label={t('foreignEnterprises.name')}
          value={form.name}
          onChange={set('name')}
          required
          error={err('name')}
        />
        <Field
          label={t('foreignEnterprises.country')}
          value={form.country}
          onChange={set('country')}
          required
          maxLength={2}
          error={err('country')}
        />
        <Field
          label={t('foreignEnterprises.homeRegister')}
          value={form.homeRegister}
          onChange={set('homeRegister')}
          required
          error={err('homeRegister')}
        />
        <Field
          label={t('foreignEnterprises.euid')}
          hint={t('foreignEnterprises.euidHint')}
          value={form.euid}
          onChange={set('euid')}
          error={err('euid')}
        />
        <Field
          label={t('foreignEnterprises.nationalNumber')}
          value={form.nationalRegisterNumber}
          onChange={set('nationalRegisterNumber')}
          error={err('nationalRegisterNumber')}
        />
        <fieldset>
          <legend>{t('foreignEnterprises.representative')}</legend>
          <Field
            label={t('foreignEnterprises.person')}
            value={form.person}
            onChange={set('person')}
            required
            error={rep('person')}
          />
          <Field
            label={t('foreignEnterprises.familyName')}
            value={form.familyName}
            onChange={set('familyName')}
            required
            error={rep('familyName')}
          />
          <Field
            label={t('foreignEnterprises.givenName')}
            value={form.givenName}
            onChange={set('givenName')}
            required
            error={rep('givenName')}
          />
          <Field
            label={t('foreignEnterprises.endDate')}
            type="date"
            value={form.endDate}
            onChange={set('endDate')}
            required
            error={endDateError}
          />
        </fieldset>
        <FieldFrame label={t('foreignEnterprises.document')} required error={err('documents')}>
          {(id, a11y) => (
            <input
              id={id}
              type="file"
              accept="application/pdf,image/png,image/jpeg"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              {...a11y}
            />
          )}
        </FieldFrame>
        <p className="actions">
          <button type="submit" disabled={busy}>
            {t('foreignEnterprises.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}
