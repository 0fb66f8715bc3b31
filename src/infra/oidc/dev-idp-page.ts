import type { DevAccount } from './dev-accounts.ts';
import { devMeans } from './dev-accounts.ts';

/**
 * The development identity provider's pages: server-rendered, no external assets and no
 * script, so they live under btb's strict Content-Security-Policy unchanged.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem}label{display:block;padding:.2rem 0}
.warn{background:#fff3cd;border:1px solid #e0c36c;padding:.5rem 1rem}button{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}
.hint{color:#555;font-size:.9rem}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><p class="warn">Development identity provider: anyone can be anyone here. Never enabled in production.</p>
${body}</body></html>`;
}

export function loginPage(opts: {
  action: string;
  abortAction: string;
  accounts: DevAccount[];
  requestedAcr?: string;
  neededLoa?: string;
  error?: string;
}): string {
  const persons = opts.accounts
    .map((a, i) => {
      const id = a.personNumber
        ? `national number ${a.personNumber}`
        : `foreign identifier ${a.foreignId} (eIDAS, no Belgian number)`;
      return `<label><input type="radio" name="person" value="${escapeHtml(a.key)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(
        `${a.givenName} ${a.familyName}`,
      )} <span class="hint">${escapeHtml(id)}</span></label>`;
    })
    .join('\n');
  const means = devMeans
    .map(
      (m, i) =>
        `<label><input type="radio" name="means" value="${m.means}"${i === 0 ? ' checked' : ''}> ${escapeHtml(m.label)} <span class="hint">level ${m.loa}</span></label>`,
    )
    .join('\n');
  const needed = opts.neededLoa
    ? `<p>The application asks for assurance level <strong>${escapeHtml(opts.neededLoa)}</strong> or higher.</p>`
    : '';
  const error = opts.error ? `<p class="warn" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return page(
    'Log in (development)',
    `<h1>Log in</h1>${needed}${error}
<form method="post" action="${escapeHtml(opts.action)}">
<fieldset><legend>Who are you?</legend>${persons}</fieldset>
<fieldset><legend>How do you log in? <span class="hint">(the foreign person always logs in through eIDAS)</span></legend>${means}</fieldset>
<button type="submit">Log in</button>
</form>
<form method="post" action="${escapeHtml(opts.abortAction)}"><button type="submit">Cancel</button></form>`,
  );
}
