import { useTranslation } from 'react-i18next';
import { type ChainKey, chainLinkMessage } from '../chain-text.ts';
import { formatDate, inSentence } from '../format.ts';
import { useLocalised } from '../hooks.ts';
import type { ChainLink, Domain } from '../types.ts';

/** "Why": the links from a right up to the register, top-down as people read authority. */
export function Chain({ links, me, domains }: { links: ChainLink[]; me: string | null; domains: Domain[] }) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const domainName = (code: string | null | undefined) => {
    const d = domains.find((x) => x.code === code);
    return d ? loc(d.name) : (code ?? '');
  };
  return (
    <ol className="chain">
      {[...links].reverse().map((l, i) => {
        // names, numbers masked (issue 16, item 7); the reader is "you" in a sentence of its own (item 8)
        const said = l.kind === 'grant' || l.kind === 'legal_representative' || l.kind === 'service_desk';
        const role = said ? '' : inSentence(t(`roles.${l.role as 'main'}`), i18n.language);
        const m = chainLinkMessage(l, me, role, l.domain ? domainName(l.domain) : '');
        const text = (t as unknown as (key: ChainKey, values: Record<string, string>) => string)(m.key, m.values);
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
