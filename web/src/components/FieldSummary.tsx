import { useTranslation } from 'react-i18next';
import { fieldCount } from '../errors.ts';
import { Alert } from './Alert.tsx';

/**
 * Above a form the API refused: how many of its fields are marked (each says its own rule next
 * to it), announced and focused so that nobody misses the fields further down (issue 16, item 10).
 */
export function FieldSummary({ error, fields }: { error: unknown; fields: string[] }) {
  const { t } = useTranslation();
  const count = fieldCount(error, fields);
  return count > 0 ? <Alert kind="error">{t('rules.summary', { count })}</Alert> : null;
}
