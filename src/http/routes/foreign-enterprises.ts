/**
 * The service desk's foreign enterprises (issue 19, section 2): register (with documents as
 * base64 in the JSON body), list, get, confirm or reject (four eyes). Operators only; the use
 * cases check it first. docs/foreign-enterprises.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { decideForeignEnterprise } from '../../app/foreign-enterprises/decide-foreign-enterprise.ts';
import { decideForeignLink, proposeForeignLink } from '../../app/foreign-enterprises/link-foreign-enterprise.ts';
import {
  getForeignEnterprise,
  listForeignEnterprises,
} from '../../app/foreign-enterprises/list-foreign-enterprises.ts';
import { registerForeignEnterprise } from '../../app/foreign-enterprises/register-foreign-enterprise.ts';
import {
  decideRenewal,
  listEndingRepresentatives,
  proposeRenewal,
} from '../../app/foreign-enterprises/review-representatives.ts';
import { DomainError } from '../../domain/errors.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';
import { Link, Number_, Renewal, registerBody, Status, Summary, View } from './foreign-enterprise-schemas.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decode(documents: { kind: string; filename: string; contentBase64: string }[]) {
  return documents.map((d, i) => {
    const text = d.contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(text))
      throw new DomainError('validation.invalid_input', { field: `documents[${i}].contentBase64`, reason: 'base64' });
    return { kind: d.kind, filename: d.filename, bytes: Buffer.from(text, 'base64') };
  });
}

export function foreignEnterpriseRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['service desk'];
    const base = '/api/v1/service-desk/foreign-enterprises';
    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'Foreign enterprises the desk registered or proposed, newest first',
          querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
          response: withProblems({ 200: Type.Object({ items: Type.Array(Summary) }) }),
        },
      },
      async (request) => ({ items: await listForeignEnterprises(deps, ctxOf(request), request.query) }),
    );
    app.post(
      base,
      {
        // base64 makes the documents a third larger
        bodyLimit: Math.ceil((deps.config.exception.maxRequestBytes * 4) / 3) + 64 * 1024,
        schema: {
          tags,
          summary: 'Register an enterprise without a KBO number; a second operator confirms (four eyes)',
          body: registerBody(deps.config.exception.maxFileBytes),
          response: withProblems({ 201: View }),
        },
      },
      async (request, reply) => {
        const { documents, ...rest } = request.body;
        const view = await registerForeignEnterprise(deps, ctxOf(request), { ...rest, documents: decode(documents) });
        reply.code(201);
        return view;
      },
    );
    app.get(
      `${base}/:number`,
      {
        schema: { tags, summary: 'One foreign enterprise', params: Number_, response: withProblems({ 200: View }) },
      },
      async (request) => getForeignEnterprise(deps, ctxOf(request), request.params.number),
    );
    app.post(
      `${base}/:number/decisions`,
      {
        bodyLimit: 4 * 1024,
        schema: {
          tags,
          summary: 'Confirm (another operator than the proposer) or reject a registration',
          params: Number_,
          body: Type.Object(
            {
              decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]),
              reason: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: View }),
        },
      },
      async (request) =>
        decideForeignEnterprise(deps, ctxOf(request), { number: request.params.number, ...request.body }),
    );
    app.post(
      `${base}/:number/links`,
      {
        bodyLimit: 4 * 1024,
        schema: {
          tags,
          summary: 'Propose to link a foreign enterprise to the KBO number it got (linked at once without four eyes)',
          params: Number_,
          body: Type.Object(
            {
              kboNumber: IdentifierString('the KBO enterprise number'),
              reason: Type.String({ minLength: 1, maxLength: 1000, description: 'how the desk checked it' }),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: Link }),
        },
      },
      async (request, reply) => {
        const link = await proposeForeignLink(deps, ctxOf(request), { number: request.params.number, ...request.body });
        reply.code(201);
        return link;
      },
    );
    app.post(
      `${base}/:number/links/:id/decisions`,
      {
        bodyLimit: 1024,
        schema: {
          tags,
          summary:
            'Confirm (another operator: four eyes) or reject a link; confirming moves every right to the KBO number',
          params: Type.Object({
            number: IdentifierString('the F-number'),
            id: Type.String({ minLength: 1, maxLength: 36 }),
          }),
          body: Type.Object(
            { decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Link }),
        },
      },
      async (request) =>
        decideForeignLink(deps, ctxOf(request), { ...request.params, decision: request.body.decision }),
    );
    const Rep = Type.Object({
      number: IdentifierString('the F-number'),
      id: Type.String({ minLength: 1, maxLength: 36 }),
    });
    app.get(
      '/api/v1/service-desk/foreign-representatives/ending-soon',
      {
        schema: {
          tags,
          summary: 'Recorded legal representatives of foreign enterprises whose power ends within `days` (or ended)',
          querystring: Type.Object(
            { days: Type.Optional(Type.Integer({ minimum: 0, maximum: 366, default: 60 })) },
            { additionalProperties: false },
          ),
          response: withProblems({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  enterpriseNumber: Type.String(),
                  enterpriseName: Type.String(),
                  person: Type.String(),
                  familyName: Type.String(),
                  givenName: Type.String(),
                  endDate: Type.String(),
                  renewal: Type.Union([Renewal, Type.Null()]),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => ({ items: await listEndingRepresentatives(deps, ctxOf(request), request.query) }),
    );
    app.post(
      `${base}/:number/representatives/:id/renewals`,
      {
        bodyLimit: 1024,
        schema: {
          tags,
          summary: 'Propose a new end date for a recorded legal representative (renewed at once without four eyes)',
          params: Rep,
          body: Type.Object(
            { endDate: Type.String({ maxLength: 10, description: 'YYYY-MM-DD, at most 36 months ahead' }) },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: Type.Intersect([Type.Object({ id: Type.String() }), Renewal]) }),
        },
      },
      async (request, reply) => {
        const renewal = await proposeRenewal(deps, ctxOf(request), { ...request.params, ...request.body });
        reply.code(201);
        return renewal;
      },
    );
    app.post(
      `${base}/:number/representatives/:id/renewals/decisions`,
      {
        bodyLimit: 1024,
        schema: {
          tags,
          summary: 'Confirm (another operator: four eyes) or reject a proposed renewal',
          params: Rep,
          body: Type.Object(
            { decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ id: Type.String(), endDate: Type.String() }) }),
        },
      },
      async (request) => decideRenewal(deps, ctxOf(request), { ...request.params, decision: request.body.decision }),
    );
  };
}
