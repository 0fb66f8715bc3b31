import type { Deps } from '../../ports.ts';
import type { Tx } from '../db/database.ts';
import {
  demoCapacities,
  demoClients,
  demoCodes,
  demoEmployment,
  demoEnterprises,
  demoFunctions,
  demoPersons,
} from './demo-data.ts';

export async function isDatabaseEmpty(deps: Deps): Promise<boolean> {
  const row = await deps.db.db.selectFrom('enterprise').select('number').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Loads the demo data set into the register tables. Idempotent: every row is upserted on its
 * key, so running it twice changes nothing.
 */
export async function seedDemo(deps: Deps): Promise<Record<string, number>> {
  const now = deps.clock.now().toISOString();
  const enterprises = Object.values(demoEnterprises);
  const persons = Object.values(demoPersons);
  await deps.db.unitOfWork(async (tx) => {
    for (const c of demoCodes) {
      for (const [language, description] of Object.entries(c.labels)) {
        await tx
          .insertInto('kbo_code')
          .values({ category: c.category, code: c.code, language, description })
          .onConflict((oc) => oc.columns(['category', 'code', 'language']).doUpdateSet({ description }))
          .execute();
      }
    }
    for (const e of enterprises) {
      const row = {
        number: e.number,
        status: e.status,
        juridical_situation: e.status === 'AC' ? '000' : '014',
        type_of_enterprise: e.typeOfEnterprise,
        juridical_form: e.juridicalForm,
        juridical_form_cac: null,
        start_date: e.startDate,
        updated_at: now,
      };
      const { number: _n, ...update } = row;
      await tx
        .insertInto('enterprise')
        .values(row)
        .onConflict((oc) => oc.column('number').doUpdateSet(update))
        .execute();
      await tx.deleteFrom('denomination').where('entity_number', '=', e.number).execute();
      for (const n of e.names) {
        await tx
          .insertInto('denomination')
          .values({ entity_number: e.number, language: n.language, type: n.type, denomination: n.name })
          .execute();
      }
      for (const u of e.establishments) {
        await tx
          .insertInto('establishment')
          .values({ number: u.number, enterprise_number: e.number, start_date: u.startDate })
          .onConflict((oc) => oc.column('number').doUpdateSet({ enterprise_number: e.number, start_date: u.startDate }))
          .execute();
      }
    }
    for (const p of persons) {
      const row = {
        number: p.number,
        family_name: p.familyName,
        given_name: p.givenName,
        language: p.language,
        email: p.email,
      };
      const { number: _n, ...update } = row;
      await tx
        .insertInto('person')
        .values(row)
        .onConflict((oc) => oc.column('number').doUpdateSet(update))
        .execute();
    }
    for (const f of demoFunctions) {
      await tx
        .insertInto('legal_function')
        .values({
          enterprise_number: f.enterprise,
          person_number: f.person,
          function_code: f.code,
          start_date: f.start,
          end_date: f.end,
        })
        .onConflict((oc) =>
          oc
            .columns(['enterprise_number', 'person_number', 'function_code', 'start_date'])
            .doUpdateSet({ end_date: f.end }),
        )
        .execute();
    }
    for (const w of demoEmployment) {
      await tx
        .insertInto('employment')
        .values({ enterprise_number: w.enterprise, person_number: w.person, start_date: w.start, end_date: w.end })
        .onConflict((oc) =>
          oc.columns(['enterprise_number', 'person_number', 'start_date']).doUpdateSet({ end_date: w.end }),
        )
        .execute();
    }
    for (const c of demoCapacities) {
      await tx
        .insertInto('enterprise_capacity')
        .values({
          enterprise_number: c.enterprise,
          domain: c.domain,
          capacity: c.capacity,
          start_date: c.start,
          end_date: c.end,
        })
        .onConflict((oc) =>
          oc.columns(['enterprise_number', 'domain', 'capacity', 'start_date']).doUpdateSet({ end_date: c.end }),
        )
        .execute();
    }
    await seedDemoClients(tx, now);
  });
  return {
    enterprises: enterprises.length,
    persons: persons.length,
    functions: demoFunctions.length,
    employment: demoEmployment.length,
    capacities: demoCapacities.length,
    clients: demoClients.length,
  };
}

/**
 * The accounting office's clients, in a handful of multi-row statements: seedDemo runs before
 * many tests, so fifty clients must cost about what one costs.
 */
async function seedDemoClients(tx: Tx, now: string): Promise<void> {
  const numbers = demoClients.map((c) => c.number);
  await tx
    .insertInto('enterprise')
    .values(
      demoClients.map((c) => ({
        number: c.number,
        status: 'AC',
        juridical_situation: '000',
        type_of_enterprise: '2',
        juridical_form: '610',
        juridical_form_cac: null,
        start_date: c.startDate,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.column('number').doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        start_date: eb.ref('excluded.start_date'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  await tx.deleteFrom('denomination').where('entity_number', 'in', numbers).execute();
  await tx
    .insertInto('denomination')
    .values(
      demoClients.map((c) => ({ entity_number: c.number, language: c.language, type: '001', denomination: c.name })),
    )
    .execute();
  const people = [...new Map(demoClients.map((c) => [c.lr.number, c.lr])).values()];
  await tx
    .insertInto('person')
    .values(
      people.map((p) => ({
        number: p.number,
        family_name: p.familyName,
        given_name: p.givenName,
        language: p.language,
        email: p.email,
      })),
    )
    .onConflict((oc) =>
      oc.column('number').doUpdateSet((eb) => ({
        family_name: eb.ref('excluded.family_name'),
        given_name: eb.ref('excluded.given_name'),
        language: eb.ref('excluded.language'),
        email: eb.ref('excluded.email'),
      })),
    )
    .execute();
  await tx
    .insertInto('legal_function')
    .values(
      demoClients.map((c) => ({
        enterprise_number: c.number,
        person_number: c.lr.number,
        function_code: '10012',
        start_date: c.startDate,
        end_date: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['enterprise_number', 'person_number', 'function_code', 'start_date']).doUpdateSet({ end_date: null }),
    )
    .execute();
}
