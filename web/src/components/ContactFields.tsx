import { useTranslation } from 'react-i18next';
import { Field } from './Field.tsx';

interface Props {
  email: string;
  phone: string;
  onChange(field: 'email' | 'phone', value: string): void;
  errorFor(field: 'email' | 'phone'): string | undefined;
}

/**
 * The contact an access manager is reached at, both required: the appointment forms (main,
 * co-main and domain access managers) ask it the same way. The exception request's form does not
 * use it: there the phone is optional and the address gets its own hint (the follow-up codes go
 * there).
 */
export function ContactFields({ email, phone, onChange, errorFor }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t('fields.email')}
        type="email"
        value={email}
        onChange={(v) => onChange('email', v)}
        error={errorFor('email')}
        autoComplete="email"
        required
      />
      <Field
        label={t('fields.phone')}
        hint={t('fields.phoneHint')}
        type="tel"
        value={phone}
        onChange={(v) => onChange('phone', v)}
        error={errorFor('phone')}
        autoComplete="tel"
        required
      />
    </>
  );
}
