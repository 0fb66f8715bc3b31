/**
 * The check API's searches (AuthZEN 1.0, section 8): who may act on a resource, on which resources
 * a person may act (through mandates too), which actions a person may take; with the spec's paging.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CheckDeps } from '../../app/check-access.ts';
import { searchActions } from '../../app/search-actions.ts';
import { searchResources } from '../../app/search-resources.ts';
import { searchSubjects } from '../../app/search-subjects.ts';
import { withProblems } from '../schemas.ts';
import { type AsClient, CLIENT_ROUTE } from './authzen-clients.ts';
import {
  PageResponse,
  SearchActionRequest,
  SearchResourceRequest,
  SearchResourceResult,
  SearchSubjectRequest,
} from './authzen-schemas.ts';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

export function searchRoutes(app: App, check: CheckDeps, asClient: AsClient): void {
  app.post(
    '/access/v1/search/subject',
    {
      config: CLIENT_ROUTE,
      schema: {
        tags: ['check'],
        summary: 'Who may use this service, or manage this domain, for this enterprise?',
        body: SearchSubjectRequest,
        response: withProblems({
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                type: Type.String(),
                id: Type.String(),
                properties: Type.Optional(
                  Type.Object({
                    mandates: Type.Array(
                      Type.Object({
                        mandate: Type.String(),
                        mandatary: Type.String({ description: 'the enterprise number of the holder' }),
                      }),
                      {
                        description:
                          "a system only: the mandates under which a holder (e.g. an accountant's office) let it act for the enterprise",
                      },
                    ),
                  }),
                ),
              }),
            ),
            page: PageResponse,
          }),
        }),
      },
    },
    async (request) =>
      asClient(
        request,
        'search_subject',
        (ctx) => searchSubjects(check, ctx, request.body),
        () => 'search',
      ),
  );

  app.post(
    '/access/v1/search/resource',
    {
      config: CLIENT_ROUTE,
      schema: {
        tags: ['check'],
        summary: 'For which enterprises and services may this person act?',
        body: SearchResourceRequest,
        response: withProblems({
          200: Type.Object({ results: Type.Array(SearchResourceResult), page: PageResponse }),
        }),
      },
    },
    async (request) =>
      asClient(
        request,
        'search_resource',
        (ctx) => searchResources(check, ctx, request.body),
        () => 'search',
      ),
  );

  app.post(
    '/access/v1/search/action',
    {
      config: CLIENT_ROUTE,
      schema: {
        tags: ['check'],
        summary: 'Which actions may this person take on this resource?',
        body: SearchActionRequest,
        response: withProblems({
          200: Type.Object({ results: Type.Array(Type.Object({ name: Type.String() })), page: PageResponse }),
        }),
      },
    },
    async (request) =>
      asClient(
        request,
        'search_action',
        (ctx) => searchActions(check, ctx, request.body),
        () => 'search',
      ),
  );
}
