/**
 * A mixed write load through the HTTP API (appoint and remove domain access managers, grant and
 * revoke), by the main access manager of the brewery, with every request and its outcome kept:
 * the crash test later checks each one against the database by its request id.
 */
import { randomUUID } from 'node:crypto';
import { demoPersons as P } from '../../../src/infra/demo/demo-data.ts';
import { bearer, http, type Server, startServer } from './server.ts';

export const brewery = '0566988259';
/**
 * The reliability specs' common start: the server, and Sofie Janssens appointed the brewery's main
 * access manager by its legal representative (An Peeters, at assurance level high). A refused
 * appointment stops the server and throws, with the answer.
 */
export async function startWithMain(env: Record<string, string>): Promise<Server> {
  const lr = await bearer(env, P.anPeeters.number, 'high');
  const server = await startServer(env);
  const r = await http(server.url, 'PUT', `/api/v1/enterprises/${brewery}/main-access-manager`, {
    auth: lr,
    body: { person: P.sofieJanssens.number, email: P.sofieJanssens.email, phone: '+32 2 123 45 67' },
  });
  if (r.status !== 200) {
    await server.kill();
    throw new Error(`appointing the main access manager: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return server;
}

export const btbDomains = ['finance', 'economy', 'mobility', 'justice', 'health', 'policy-support'];
export const services = [
  'finance.biztax',
  'finance.tax-on-web-companies',
  'economy.my-enterprise',
  'economy.annual-accounts-filing',
  'mobility.vehicle-registration',
  'justice.ubo-register',
  'health.ehealthbox',
];

export type OpKind = 'grant' | 'revoke' | 'appoint' | 'remove';

export interface Op {
  kind: OpKind;
  requestId: string;
  /** 0 when no answer came (connection reset by the kill, timeout) */
  status: number;
  /** the grant or appointment id the answer named, or the one the op acted on */
  id?: string;
  person?: string;
  domain?: string;
}

interface State {
  grants: string[];
  appointments: { id: string; person: string; domain: string }[];
}

/** Runs `concurrency` writers until halt(); `done` resolves when every writer has stopped. */
export function writeLoad(base: () => string, auth: string, persons: string[], log: Op[], concurrency = 8) {
  let halted = false;
  const state: State = { grants: [], appointments: [] };
  const pick = <T>(a: T[]): T => a[Math.floor(Math.random() * a.length)]!;
  const take = <T>(a: T[]): T | undefined =>
    a.length ? a.splice(Math.floor(Math.random() * a.length), 1)[0] : undefined;
  const one = async () => {
    const requestId = randomUUID();
    const r = Math.random();
    const url = `/api/v1/enterprises/${brewery}`;
    if (r < 0.2 && state.grants.length) {
      const id = take(state.grants)!;
      const res = await http(base(), 'DELETE', `${url}/grants/${id}`, { auth, requestId });
      log.push({ kind: 'revoke', requestId, status: res.status, id });
    } else if (r < 0.35 && state.appointments.length) {
      const a = take(state.appointments)!;
      const res = await http(base(), 'DELETE', `${url}/domains/${a.domain}/access-managers/${a.person}`, {
        auth,
        requestId,
      });
      log.push({ kind: 'remove', requestId, status: res.status, id: a.id, person: a.person, domain: a.domain });
    } else if (r < 0.7) {
      const person = pick(persons);
      const res = await http(base(), 'POST', `${url}/grants`, {
        auth,
        requestId,
        body: { person, service: pick(services) },
      });
      const id = (res.body as { grant?: { id: string } })?.grant?.id;
      if (res.status === 201 && id) state.grants.push(id);
      log.push({ kind: 'grant', requestId, status: res.status, id, person });
    } else {
      const person = pick(persons);
      const domain = pick(btbDomains);
      const res = await http(base(), 'POST', `${url}/domains/${domain}/access-managers`, {
        auth,
        requestId,
        body: { person, email: `tb-${person}@example.test`, phone: '+32 2 555 01 01' },
      });
      const id = (res.body as { appointment?: { id: string } })?.appointment?.id;
      if (res.status === 201 && id) state.appointments.push({ id, person, domain });
      log.push({ kind: 'appoint', requestId, status: res.status, id, person, domain });
    }
  };
  const workers = Array.from({ length: concurrency }, async () => {
    while (!halted) await one();
  });
  return {
    halt: () => {
      halted = true;
    },
    done: Promise.all(workers).then(() => undefined),
  };
}
