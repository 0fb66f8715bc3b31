/**
 * Issue 14, item 3: an expiry reminder says the real number of days, and goes to the holder and
 * to the manager who granted the access (or, when that appointment ended, to the enterprise's
 * managers for that domain), each in their own language, with a link to extend it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoMain, as, demoDeps } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { renderMail } from '../infra/mail/templates.ts';
import { appointAccessManager, removeAccessManager } from './appoint-access-manager.ts';
import { grantAccess } from './grant-access.ts';
import { sendReminders } from './send-reminders.ts';

const en = E.brewery.number;
const names = { service: (c: string) => c, domain: (c: string) => c };
type Mail = { to: string; language: string; template: string; params: Record<string, unknown> };

describe.each(engines)('expiry reminders on %s (issue 14, item 3)', (engine) => {
  let deps: TestDeps;
  const raw = async () =>
    (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').orderBy('seq').execute())
      .map((r) => JSON.parse(r.payload) as Mail)
      .filter((m) => m.template.startsWith('reminder'));
  // a manager's digest (issue 17) read as one entry per item it carries
  const mails = async () =>
    (await raw()).flatMap((m) =>
      m.template === 'reminder_digest'
        ? (m.params.items as Record<string, unknown>[]).map((i) => ({ ...m, params: i }))
        : [m],
    );
  const manager = (person: { number: string; email: string }, domain: string) =>
    appointAccessManager(deps, as(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain,
      person: person.number,
      email: person.email,
      phone: '+32 2 123 45 67',
    });

  beforeAll(async () => {
    deps = await demoDeps(engine, { at: '2027-03-20T10:00:00.000Z' });
    await appointDemoMain(deps);
    await manager(P.juliaSchmitz, 'finance'); // de
    await manager(P.karimElAmrani, 'finance'); // fr
    await manager(P.karimElAmrani, 'health');
    // Julia grants Tom (nl) Biztax through 31 March; Karim grants Luc (fr) Intervat and Tom eHealthBox.
    const grant = (by: string, person: string, service: string) =>
      grantAccess(deps, as(by), { enterprise: en, person, service, validUntil: '2027-03-31' });
    await grant(P.juliaSchmitz.number, P.tomMaes.number, 'finance.biztax');
    await grant(P.karimElAmrani.number, P.lucDubois.number, 'finance.intervat');
    await grant(P.karimElAmrani.number, P.tomMaes.number, 'health.ehealthbox');
    // Karim's appointments end: his grants stay, and his place as the one to remind goes to others.
    for (const domain of ['finance', 'health']) {
      await removeAccessManager(deps, as(P.sofieJanssens.number), {
        enterprise: en,
        kind: 'domain',
        domain,
        person: P.karimElAmrani.number,
      });
    }
    // 4 days before, across the March switch to summer time (31 March ends at 21:59:59.999 UTC)
    deps.clock.set('2027-03-27T10:00:00.000Z');
    await sendReminders(deps);
  });
  afterAll(() => deps.cleanup());

  it('says the real number of days, not the horizon (7)', async () => {
    const all = await mails();
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m.params.days, JSON.stringify(m)).toBe(4);
    const holder = all.find(
      (m) => m.template === 'reminder' && m.to === P.tomMaes.email && m.params.service === 'finance.biztax',
    )!;
    expect(renderMail(holder.template, holder.language, holder.params, names).text).toMatch(/over 4 dagen/);
  });

  it('goes to the holder and to the granting manager, in their own language, with a link to extend', async () => {
    const biztax = (await mails()).filter((m) => m.params.service === 'finance.biztax');
    expect(biztax.map((m) => [m.template, m.to, m.language]).sort()).toEqual([
      ['reminder', P.tomMaes.email, 'nl'],
      ['reminder_digest', P.juliaSchmitz.email, 'de'],
    ]);
    const toJulia = (await raw()).find((m) => m.template === 'reminder_digest' && m.to === P.juliaSchmitz.email)!;
    const text = renderMail(toJulia.template, toJulia.language, toJulia.params, names).text;
    expect(text).toContain('Tom Maes');
    expect(text).toContain('endet am 2027-03-31');
    expect(text).toMatch(
      new RegExp(`Verlängern: ${deps.config.publicUrl}/enterprises/${en}/grants/[0-9a-f-]{36}/extend`),
    );
  });

  it('gathers everything a manager can extend in one digest a day (issue 17)', async () => {
    const digests = (await raw()).filter((m) => m.template === 'reminder_digest');
    const julia = digests.filter((m) => m.to === P.juliaSchmitz.email);
    expect(julia).toHaveLength(1);
    expect((julia[0]!.params.items as { service: string }[]).map((i) => i.service).sort()).toEqual([
      'finance.biztax',
      'finance.intervat',
    ]);
    // a new grant reaching a horizon later the same day waits for tomorrow's digest
    await grantAccess(deps, as(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.lucDubois.number,
      service: 'finance.biztax',
      validUntil: '2027-03-30',
    });
    await sendReminders(deps);
    expect((await raw()).filter((m) => m.template === 'reminder_digest' && m.to === P.juliaSchmitz.email)).toHaveLength(
      1,
    );
    deps.clock.advance(86_400_000);
    await sendReminders(deps);
    const after = (await raw()).filter((m) => m.template === 'reminder_digest' && m.to === P.juliaSchmitz.email);
    expect(after).toHaveLength(2);
    expect((after[1]!.params.items as { holder: string }[]).map((i) => i.holder)).toEqual([P.lucDubois.number]);
    deps.clock.advance(-86_400_000);
  });

  it('when the granting appointment ended, goes to the managers of that domain instead', async () => {
    const intervat = (await mails()).filter((m) => m.params.service === 'finance.intervat');
    expect(intervat.map((m) => [m.template, m.to, m.language]).sort()).toEqual([
      ['reminder', P.lucDubois.email, 'fr'],
      ['reminder_digest', P.juliaSchmitz.email, 'de'],
    ]);
  });

  it('and with no manager left for the domain, to the main and co-main access managers', async () => {
    const health = (await mails()).filter((m) => m.params.service === 'health.ehealthbox');
    expect(health.map((m) => [m.template, m.to, m.language]).sort()).toEqual([
      ['reminder', P.tomMaes.email, 'nl'],
      ['reminder_digest', P.sofieJanssens.email, 'nl'],
    ]);
  });

  it('is queued once per horizon, however often it runs', async () => {
    const before = (await mails()).length;
    deps.clock.advance(3600_000);
    await sendReminders(deps);
    expect((await mails()).length).toBe(before);
  });
});
