import { useTranslation } from 'react-i18next';
import type { Warning } from '../../exception/types.ts';
import { formatDate } from '../../format.ts';

/** Working days left against the target, with the warning in words (never by colour alone). */
export function TimeLeft({ days, warning, target }: { days: number | null; warning: Warning; target: string }) {
  const { t, i18n } = useTranslation();
  if (days === null) return <span className="muted">—</span>;
  return (
    <span>
      {days >= 0 ? t('desk.daysLeft', { count: days }) : t('desk.daysLate', { count: -days })}
      <br />
      <span className="small muted">{t('desk.target', { date: formatDate(target, i18n.language) })}</span>
      {warning === 'near' && <span className="badge warn">{t('desk.warningNear')}</span>}
      {warning === 'past' && <span className="badge danger">{t('desk.warningPast')}</span>}
    </span>
  );
}
