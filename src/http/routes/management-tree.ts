/**
 * "Who manages us?" (issue 17, section 2): the tree of an enterprise for its legal
 * representatives and its main/co-main, its CSV and JSON export, "this was not us" reports, and
 * the service desk's list and decision on them. A refused read of the tree is audited like a
 * refused change (`auditRefusedRead`): who tried to see who manages an enterprise matters.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import {
  decideAppointmentReport,
  listAppointmentReports,
  reportAppointment,
} from '../../app/management/appointment-reports.ts';
import { getManagementTree, type ManagementTree } from '../../app/management/get-management-tree.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';
import { csvCell } from './me.ts';

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const S = Type.String();
const Origin = {
  by: N(S),
  byName: N(Type.String({ description: 'who appointed or granted it, by name' })),
  byRole: Type.String({ description: 'the role they acted in: legal_representative, main, co_main, service_desk…' }),
  procedure: Type.String({ description: 'standard or exception' }),
  onRequestOf: N(Type.String({ description: 'the requester (exception request or access request), by name' })),
  mandate: N(Type.String({ description: 'the mandate it is held under' })),
  mandataryName: N(Type.String({ description: 'the enterprise acting under that mandate' })),
  at: Type.String({ description: 'since when' }),
};
const TreeAppointment = Type.Object({
  id: S,
  kind: S,
  domain: N(S),
  person: S,
  name: N(S),
  validUntil: N(S),
  state: Type.Union([Type.Literal('active'), Type.Literal('suspended_pending_review')]),
  isReported: Type.Boolean({ description: 'an open "this was not us" report on it' }),
  ...Origin,
});
const TreeGrant = Type.Object({
  id: S,
  domain: S,
  service: S,
  role: N(S),
  person: S,
  name: N(S),
  validUntil: N(S),
  ...Origin,
});
const TreeMandate = Type.Object({
  id: S,
  status: S,
  enterprise: S,
  enterpriseName: S,
  scope: Type.Array(Type.Object({ domain: S, service: N(S) })),
  proposedByName: N(S),
  proposedAt: S,
  acceptedByName: N(S),
  acceptedAt: N(S),
  validFrom: S,
  validUntil: N(S),
});
const Tree = Type.Object({
  enterprise: S,
  enterpriseName: S,
  generatedAt: S,
  legalRepresentatives: Type.Array(Type.Object({ person: S, name: N(S), function: S, since: S })),
  main: N(TreeAppointment),
  coMain: Type.Array(TreeAppointment),
  suspended: Type.Array(TreeAppointment),
  domains: Type.Array(
    Type.Object({ domain: S, managers: Type.Array(TreeAppointment), actingUnderMandate: Type.Array(TreeAppointment) }),
  ),
  users: Type.Array(Type.Object({ service: S, domain: S, grants: Type.Array(TreeGrant) })),
  mandates: Type.Object({ actingForUs: Type.Array(TreeMandate), weActFor: Type.Array(TreeMandate) }),
});
const ReportView = Type.Object({
  id: S,
  enterprise: S,
  enterpriseName: S,
  appointment: S,
  kind: S,
  procedure: S,
  person: S,
  name: N(S),
  appointedAt: S,
  reportedBy: S,
  reportedByName: N(S),
  reportedAt: S,
  note: N(S),
  suspended: Type.Boolean(),
  status: S,
  decidedBy: N(S),
  decidedAt: N(S),
  decisionNote: N(S),
});
const En = Type.Object({ en: IdentifierString('enterprise number, any accepted spelling') });
const Id = Type.String({ minLength: 1, maxLength: 36 });
const Reason = Type.String({ maxLength: 1000 });
const SMALL_JSON = 8 * 1024;

const CSV_HEADER = [
  'section',
  'kind',
  'domain',
  'service',
  'role',
  'person',
  'name',
  'state',
  'procedure',
  'appointedOrGrantedBy',
  'inRole',
  'onRequestOf',
  'underMandateOf',
  'since',
  'until',
];

/** One line per person and right: what a spreadsheet reader filters on. */
export function treeCsv(t: ManagementTree): string {
  const rows: unknown[][] = [];
  for (const l of t.legalRepresentatives)
    rows.push([
      'legal_representative',
      l.function,
      '',
      '',
      '',
      l.person,
      l.name,
      'active',
      'register',
      '',
      '',
      '',
      '',
      l.since,
      '',
    ]);
  const apps = [
    ...(t.main ? [t.main] : []),
    ...t.coMain,
    ...t.suspended,
    ...t.domains.flatMap((d) => [...d.managers, ...d.actingUnderMandate]),
  ];
  for (const a of apps)
    rows.push([
      'appointment',
      a.kind,
      a.domain,
      '',
      '',
      a.person,
      a.name,
      a.state,
      a.procedure,
      a.byName ?? a.by,
      a.byRole,
      a.onRequestOf,
      a.mandataryName,
      a.at,
      a.validUntil,
    ]);
  for (const u of t.users)
    for (const g of u.grants)
      rows.push([
        'grant',
        'user',
        g.domain,
        g.service,
        g.role,
        g.person,
        g.name,
        'active',
        g.procedure,
        g.byName ?? g.by,
        g.byRole,
        g.onRequestOf,
        g.mandataryName,
        g.at,
        g.validUntil,
      ]);
  const mandateRows = (side: string, list: ManagementTree['mandates']['actingForUs']) => {
    for (const m of list)
      rows.push([
        side,
        'mandate',
        m.scope.map((s) => s.domain).join(' '),
        m.scope.map((s) => s.service ?? '*').join(' '),
        '',
        m.enterprise,
        m.enterpriseName,
        m.status,
        '',
        m.proposedByName,
        '',
        '',
        '',
        m.validFrom,
        m.validUntil,
      ]);
  };
  mandateRows('mandate_acting_for_us', t.mandates.actingForUs);
  mandateRows('mandate_we_act_for', t.mandates.weActFor);
  return `${[CSV_HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n')}\r\n`;
}

export function managementTreeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['who manages us'];
    app.get(
      '/api/v1/enterprises/:en/management-tree',
      {
        config: { auditRefusedRead: true },
        schema: {
          tags,
          summary:
            'Who manages the enterprise: main, co-main, access managers, users, mandates both ways, each with how and when (legal representatives, main and co-main)',
          params: En,
          response: withProblems({ 200: Tree }),
        },
      },
      async (req) => getManagementTree(deps, ctxOf(req), { enterprise: req.params.en }),
    );

    app.get(
      '/api/v1/enterprises/:en/management-tree/export',
      {
        config: { auditRefusedRead: true },
        schema: {
          tags,
          summary: 'The same tree as a download: CSV (one line per person and right) or JSON',
          params: En,
          querystring: Type.Object(
            { format: Type.Union([Type.Literal('csv'), Type.Literal('json')]) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.String({ description: 'text/csv or application/json, as a download' }) }),
        },
      },
      async (req, reply) => {
        const tree = await getManagementTree(deps, ctxOf(req), { enterprise: req.params.en });
        const day = tree.generatedAt.slice(0, 10);
        const name = `management-${tree.enterprise}-${day}.${req.query.format}`;
        const body = req.query.format === 'csv' ? treeCsv(tree) : `${JSON.stringify(tree, null, 2)}\n`;
        return reply
          .type(req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .serializer((x: string) => x)
          .send(body as never);
      },
    );

    app.post(
      '/api/v1/enterprises/:en/appointments/:appointment/reports',
      {
        bodyLimit: SMALL_JSON,
        schema: {
          tags,
          summary:
            '"This was not us": report a main or co-main appointment to the service desk (legal representative, high assurance); an exception-procedure appointment is suspended pending review',
          params: Type.Object({ en: IdentifierString('enterprise number'), appointment: Id }),
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: withProblems({
            201: Type.Object({
              report: Type.Object({ id: S, status: S, suspended: Type.Boolean(), reportedAt: S }),
              appointment: Type.Object({ id: S, state: S }),
            }),
          }),
        },
      },
      async (req, reply) => {
        const r = await reportAppointment(deps, ctxOf(req), {
          enterprise: req.params.en,
          appointment: req.params.appointment,
          reason: req.body.reason,
        });
        return reply.code(201).send(r);
      },
    );

    app.get(
      '/api/v1/service-desk/appointment-reports',
      {
        schema: {
          tags: ['service desk'],
          summary: '"This was not us" reports: open ones by default, oldest first (operators)',
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([Type.Literal('open'), Type.Literal('restored'), Type.Literal('upheld')]),
              ),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ items: Type.Array(ReportView) }) }),
        },
      },
      async (req) => listAppointmentReports(deps, ctxOf(req), { status: req.query.status }),
    );

    app.post(
      '/api/v1/service-desk/appointment-reports/:id/decision',
      {
        bodyLimit: SMALL_JSON,
        schema: {
          tags: ['service desk'],
          summary:
            'Decide a report: restore (the appointment stays, or a suspended one works again) or end (it ends for good); with a reason, told to the reporter',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { decision: Type.Union([Type.Literal('restore'), Type.Literal('end')]), reason: Reason },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ report: Type.Object({ id: S, status: S, decidedAt: S }) }) }),
        },
      },
      async (req) =>
        decideAppointmentReport(deps, ctxOf(req), {
          id: req.params.id,
          decision: req.body.decision,
          reason: req.body.reason,
        }),
    );
  };
}
