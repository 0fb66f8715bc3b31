import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointAccessManager } from '../../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { sendReminders } from '../../app/send-reminders.ts';
import { demoEnterprises as E, demoPersons as P } from '../demo/demo-data.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { createMailer } from '../mail/mailer.ts';
import { deliverPendingMails } from './worker.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that can be made to refuse mail (an outage). */
async function smtpSink() {
  const received: Received[] = [];
  let isDown = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, cb) {
      cb(isDown ? Object.assign(new Error('451 try again later'), { responseCode: 451 }) : undefined);
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    setDown: (v: boolean) => {
      isDown = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ctx = (person: string, loa: 'high' | 'substantial' = 'substantial') => ({
  actor: { personNumber: person, loa, means: 'eid' as const, via: 'bearer' as const },
});
const en = E.brewery.number;

describe.each(engines)('mail through the outbox, over real SMTP, on %s', (engine) => {
  let deps: TestDeps;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;

  beforeAll(async () => {
    smtp = await smtpSink();
    deps = await makeTestDeps(engine, { SMTP_URL: smtp.url });
    await seedDemo(deps);
  });
  afterAll(async () => {
    await deps.cleanup();
    await smtp.close();
  });

  it('sends each appointment mail once, in the recipient language, and survives an SMTP outage', async () => {
    const mailer = createMailer(deps.config);
    smtp.setDown(true);
    await appointMainAccessManager(deps, ctx(P.anPeeters.number, 'high'), {
      enterprise: en,
      person: P.karimElAmrani.number,
      email: P.karimElAmrani.email,
      phone: '+3221234567',
    });
    // the legal representatives' management_changed mails (issue 17) are checked in
    // src/http/management-tree.int.test.ts; this test follows the appointee's one mail
    await deps.db.db.deleteFrom('outbox').where('payload', 'like', '%"template":"management_changed"%').execute();
    // SMTP refuses: nothing is lost, the mail waits with a backoff.
    expect(await deliverPendingMails(deps, mailer)).toEqual({ sent: 0, failed: 1 });
    const waiting = await deps.db.db.selectFrom('outbox').selectAll().where('channel', '=', 'mail').execute();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ attempts: 1, delivered_at: null });
    expect(waiting[0]!.last_error).toContain('451');
    // Not due yet: a second round sends nothing.
    expect(await deliverPendingMails(deps, mailer)).toEqual({ sent: 0, failed: 0 });

    smtp.setDown(false);
    deps.clock.advance(11_000);
    expect(await deliverPendingMails(deps, mailer)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverPendingMails(deps, mailer)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual([P.karimElAmrani.email]);
    // Karim's language is French
    expect(smtp.received[0]!.raw).toContain('Vous =C3=AAtes d=C3=A9sormais gestionnaire');
  });

  it('mails an invitation with its link, and reminds before a grant ends', async () => {
    const mailer = createMailer(deps.config);
    await appointAccessManager(deps, ctx(P.karimElAmrani.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      phone: '+3221234567',
    });
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      email: 'new.colleague@example.be',
      service: 'finance.intervat',
    });
    const until = new Date(deps.clock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.sofieJanssens.number,
      service: 'finance.biztax',
      validUntil: until,
    });
    // the holder, and Julia who granted it (issue 14, item 3)
    expect(await sendReminders(deps)).toBe(2);
    // again: the holder's reminder is queued again (the outbox keeps one); the manager's digest is
    // not, its items are recorded as sent (issue 17: one digest per manager and day)
    expect(await sendReminders(deps)).toBe(1);
    smtp.received.length = 0;
    await deliverPendingMails(deps, mailer);
    const invitation = smtp.received.find((m) => m.to.includes('new.colleague@example.be'));
    expect(invitation?.raw).toMatch(/\/invitations\/[A-Za-z0-9_-]{20,}/);
    const reminders = smtp.received.filter((m) => m.to.includes(P.sofieJanssens.email) && /Herinnering/.test(m.raw));
    expect(reminders).toHaveLength(1);
  });
});
