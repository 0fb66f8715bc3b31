import { useTranslation } from 'react-i18next';
import type { Status } from '../../exception/types.ts';

/** A request's status in words, coloured by whose turn it is (the text says it too). */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  const tone =
    status === 'approved' ? 'ok' : status === 'rejected' ? 'bad' : status === 'info_requested' ? 'warn' : 'neutral';
  return <span className={`status status-${tone}`}>{t(`exceptionStatus.${status}`)}</span>;
}
