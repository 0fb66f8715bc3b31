/**
 * The service desk links an eIDAS person to the BIS (or national) number they got (issue 19):
 * one operator proposes, another confirms (four eyes), or the proposal links at once when four
 * eyes are off. Operators only; the use cases check it first.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { decidePersonLink, proposePersonLink } from '../../app/exception/link-person.ts';
import { listPersonLinks } from '../../app/exception/list-person-links.ts';
import { PersonIdString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const PersonLink = Type.Object({
  id: Type.String(),
  eidasId: Type.String(),
  personNumber: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('linked'), Type.Literal('rejected')]),
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  moved: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'rows moved, by table' })),
});

const N = Type.Union([Type.String(), Type.Null()]);
const PersonLinkItem = Type.Composite([
  PersonLink,
  Type.Object({
    eidasName: Type.Union([Type.String({ description: 'as eIDAS gave it at the last login' }), Type.Null()]),
    eidasBirthDate: N,
    personName: Type.Union([Type.String({ description: "the person register's name for the number" }), Type.Null()]),
    proposedByName: N,
  }),
]);

export function personLinkRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['service desk'];
    app.get(
      '/api/v1/service-desk/person-links',
      {
        schema: {
          tags,
          summary: 'Links of eIDAS persons to Belgian numbers: the proposed ones (default, oldest first) or by status',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Union(['proposed', 'linked', 'rejected', 'all'].map((s) => Type.Literal(s)))),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ items: Type.Array(PersonLinkItem) }) }),
        },
      },
      async (request) => listPersonLinks(deps, ctxOf(request), request.query),
    );
    app.post(
      '/api/v1/service-desk/person-links',
      {
        bodyLimit: 4 * 1024,
        schema: {
          tags,
          summary: 'Propose to link an eIDAS person to their BIS or national number (linked at once without four eyes)',
          body: Type.Object(
            {
              eidasId: PersonIdString('the eIDAS identifier CC/BE/identifier'),
              personNumber: PersonIdString('the BIS or national number the person got'),
              reason: Type.String({
                minLength: 1,
                maxLength: 1000,
                description: 'how the desk checked it is the same person',
              }),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: PersonLink }),
        },
      },
      async (request, reply) => {
        reply.code(201);
        return proposePersonLink(deps, ctxOf(request), request.body);
      },
    );
    app.post(
      '/api/v1/service-desk/person-links/:id/decisions',
      {
        bodyLimit: 1024,
        schema: {
          tags,
          summary: 'Confirm (another operator: four eyes) or reject a proposed link; confirming moves the rights',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }),
          body: Type.Object(
            { decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: PersonLink }),
        },
      },
      async (request) =>
        decidePersonLink(deps, ctxOf(request), { id: request.params.id, decision: request.body.decision }),
    );
  };
}
