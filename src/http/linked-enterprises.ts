/**
 * Once the service desk linked a foreign enterprise to the KBO number it got (issue 19), every
 * route that names the old F-number (`:en`, `:enterpriseNumber`) answers 410 Gone with the KBO
 * number (`foreign_enterprise.linked`, detail `kboNumber`): its rights live there now, and a
 * caller that kept the F-number learns where to go instead of meeting an empty enterprise.
 * Only F-numbers cost a read; KBO numbers pass untouched.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../app/deps.ts';
import { linkedKboNumber } from '../app/foreign-enterprises/link-foreign-enterprise.ts';
import { DomainError } from '../domain/errors.ts';
import { looksForeign, parseForeignEnterpriseNumber } from '../domain/foreign-enterprise.ts';
import { routeHook } from './route-hooks.ts';

/** a route whose path names an enterprise by `:en` or `:enterpriseNumber`: the only ones with those params */
const NAMES_ENTERPRISE = /:(en|enterpriseNumber)(?![\w$])/;

export function installLinkedEnterpriseGone(app: FastifyInstance, deps: Deps): void {
  routeHook(
    app,
    'preHandler',
    'linkedEnterpriseGone',
    (route) => NAMES_ENTERPRISE.test(route.url),
    async (request) => {
      const params = (request.params ?? {}) as Record<string, unknown>;
      const raw = Object.hasOwn(params, 'en')
        ? params.en
        : Object.hasOwn(params, 'enterpriseNumber')
          ? params.enterpriseNumber
          : undefined;
      if (typeof raw !== 'string' || !looksForeign(raw)) return;
      const parsed = parseForeignEnterpriseNumber(raw);
      if (!parsed.ok) return; // the route refuses it with its own code
      const kboNumber = await linkedKboNumber(deps, parsed.value);
      if (kboNumber) throw new DomainError('foreign_enterprise.linked', { enterprise: parsed.value, kboNumber });
    },
  );
}
