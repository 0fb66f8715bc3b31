import { useTranslation } from 'react-i18next';
import type { Status } from '../../exception/types.ts';

/**
 * A request's status in words, coloured by whose turn it is (the text says it too). The requester
 * reads it about their own request ("waiting for your answer"); the service desk reads it about the
 * requester's (`desk`: "waiting for the requester's answer").
 */
export function StatusBadge({ status, desk = false }: { status: Status; desk?: boolean }) {
  const { t } = useTranslation();
  const tone =
    status === 'approved' ? 'ok' : status === 'rejected' ? 'bad' : status === 'info_requested' ? 'warn' : 'neutral';
  return (
    <span className={`status status-${tone}`}>
      {desk ? t(`desk.statuses.${status}`) : t(`exceptionStatus.${status}`)}
    </span>
  );
}
