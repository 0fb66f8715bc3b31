import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mailer, MailMessage } from '../../ports.ts';
import type { Config } from '../config.ts';

/**
 * Real SMTP where SMTP_URL is set; otherwise (development) a local mailbox: each mail is an .eml
 * file under MAILBOX_DIR, readable with any mail client or `cat`.
 */
// nodemailer is loaded with the first mail, not at start-up (issue 15 item 2).
const loadNodemailer = async () => (await import('nodemailer')).default;
const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

export function createMailer(config: Config): Mailer {
  const smtpUrl = config.mail.smtpUrl;
  if (smtpUrl) {
    // Pooled connections (issue 8): one connection per mail capped delivery near 10 mails a second,
    // too slow to drain an outbox that filled during an SMTP outage.
    const transport = once(async () =>
      (await loadNodemailer()).createTransport({ url: smtpUrl, pool: true, maxConnections: 2 }),
    );
    return {
      async send(m: MailMessage) {
        await (await transport()).sendMail({
          from: config.mail.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: messageId(m, config),
        });
      },
    };
  }
  const transport = once(async () =>
    (await loadNodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
  );
  return {
    async send(m: MailMessage) {
      const info = await (await transport()).sendMail({
        from: config.mail.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: messageId(m, config),
      });
      mkdirSync(config.mail.mailboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.id.replace(/[^\w-]/g, '_').slice(0, 80)}.eml`;
      writeFileSync(join(config.mail.mailboxDir, name), info.message as Buffer);
      // The .eml is what a mail client shows; the .txt beside it is for people and scripts
      // (quoted-printable wraps long lines, such as invitation links, in the .eml).
      writeFileSync(
        join(config.mail.mailboxDir, name.replace(/\.eml$/, '.txt')),
        `To: ${m.to}\nSubject: ${m.subject}\n\n${m.text}\n`,
      );
    },
  };
}

/** A stable Message-ID from the outbox id, so a receiver can drop a rare duplicate after a crash. */
function messageId(m: MailMessage, config: Config): string {
  const host = new URL(config.publicUrl).hostname || 'btb.localhost';
  return `<${m.id.replace(/[^\w.-]/g, '.')}@${host}>`;
}
