import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '../components/Alert.tsx';
import { StepUpCard } from '../components/StepUp.tsx';
import { displayEnterprise } from '../format.ts';
import { useDomains, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import { useSession } from '../session.tsx';
import { MandateList } from './mandates/MandateList.tsx';
import { ProposeForm } from './mandates/ProposeForm.tsx';

/**
 * Mandates between enterprises (issue 9): A sees who at B acts for it, B sees its clients.
 * Each side accepts or rejects what the other proposed and may end a mandate at any time.
 */
export function Mandates() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const roles = useMyRoles(en);
  const { me } = useSession();
  const domains = useDomains();
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const name = roles.mine?.name ?? displayEnterprise(en);
  useTitle(`${t('mandates.title')} · ${name}`);
  const canSign = roles.isLr || roles.isMain || roles.isCoMain;
  const changed = (text: string) => {
    setMessage(text);
    setRound((r) => r + 1);
  };

  return (
    <div>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{t('mandates.title')}</h1>
      <p className="muted">{t('dashboard.enterpriseNumber', { number: displayEnterprise(en) })}</p>
      {message && <Alert kind="success">{message}</Alert>}
      {/* signing a mandate needs high, like appointing the main access manager (issue 13) */}
      {canSign && me && me.loa !== 'high' && (
        <StepUpCard title={t('mandates.stepUpTitle')} body={t('mandates.stepUpBody')} />
      )}
      <MandateList key={`a${round}`} en={en} side="mandator" canSign={canSign} domains={domains} onChange={changed} />
      <MandateList key={`b${round}`} en={en} side="mandatary" canSign={canSign} domains={domains} onChange={changed} />
      {canSign && <ProposeForm en={en} domains={domains} onDone={changed} />}
    </div>
  );
}
