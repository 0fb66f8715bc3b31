import { useTranslation } from 'react-i18next';
import { formatDate, inSentence, maskPerson } from '../format.ts';
import { useLocalised } from '../hooks.ts';
import type { ChainLink, Domain } from '../types.ts';

/** "Why": the links from a right up to the register, top-down as people read authority. */
export function Chain({ links, me, domains }: { links: ChainLink[]; me: string | null; domains: Domain[] }) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  // names, numbers masked (issue 16, item 7)
  // a link about the reader is a sentence of its own ("you are", "u bent", "vous êtes", "Sie sind"):
  // "you" put into "{{person}} is" would read "you is" (issue 16, item 8)
  const isMe = (p: string | null) => Boolean(p && p === me);
  const who = (p: string | null, name?: string | null) => (name ? `${name} (${maskPerson(p)})` : maskPerson(p));
  const domainName = (code: string | null | undefined) => {
    const d = domains.find((x) => x.code === code);
    return d ? loc(d.name) : (code ?? '');
  };
  return (
    <ol className="chain">
      {[...links].reverse().map((l, i) => {
        let text: string;
        if (l.kind === 'grant') text = t('myAccess.chainGrant');
        else if (l.kind === 'legal_representative')
          text = isMe(l.person) ? t('myAccess.chainLrYou') : t('myAccess.chainLr', { person: who(l.person, l.name) });
        else if (l.kind === 'service_desk') text = t('myAccess.chainDesk');
        else {
          const role = inSentence(t(`roles.${l.role as 'main'}`), i18n.language);
          const aboutMe = isMe(l.person);
          text = l.domain
            ? aboutMe
              ? t('myAccess.chainAppointmentDomainYou', { role, domain: domainName(l.domain) })
              : t('myAccess.chainAppointmentDomain', { person: who(l.person, l.name), role, domain: domainName(l.domain) })
            : aboutMe
              ? t('myAccess.chainAppointmentYou', { role })
              : t('myAccess.chainAppointment', { person: who(l.person, l.name), role });
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a chain is fixed once loaded
          <li key={i}>
            {text}
            {l.since && (
              <span className="muted"> · {t('app.since', { date: formatDate(l.since, i18n.language) })}</span>
            )}
            {l.procedure === 'exception' && <span className="muted"> · {t('procedure.exception')}</span>}
          </li>
        );
      })}
    </ol>
  );
}
