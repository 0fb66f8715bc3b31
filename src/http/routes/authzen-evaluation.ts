/**
 * The check API's evaluation routes (AuthZEN 1.0): POST /access/v1/evaluation, one question, and
 * POST /access/v1/evaluations, several in one call (authzen-batch.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type CheckDeps, checkAccess, type EvaluationInput } from '../../app/check-access.ts';
import type { Deps } from '../../app/deps.ts';
import { withProblems } from '../schemas.ts';
import { evaluateMany } from './authzen-batch.ts';
import { type AsClient, CLIENT_ROUTE } from './authzen-clients.ts';
import { EvaluationRequest, EvaluationResponse, EvaluationsRequest, EvaluationsResponse } from './authzen-schemas.ts';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

export function evaluationRoutes(app: App, deps: Deps, check: CheckDeps, asClient: AsClient): void {
  app.post(
    '/access/v1/evaluation',
    {
      config: CLIENT_ROUTE,
      schema: {
        tags: ['check'],
        summary: 'May this person use this service / manage this domain for this enterprise now?',
        body: EvaluationRequest,
        response: withProblems({ 200: EvaluationResponse }),
      },
    },
    async (request) =>
      asClient(
        request,
        'evaluation',
        (ctx) => checkAccess(check, ctx, request.body as EvaluationInput),
        (r) => (r.decision ? 'permit' : 'deny'),
      ),
  );

  app.post(
    '/access/v1/evaluations',
    {
      config: CLIENT_ROUTE,
      schema: {
        tags: ['check'],
        summary: 'Several evaluations in one call, with the AuthZEN evaluation semantics',
        body: EvaluationsRequest,
        response: withProblems({ 200: EvaluationsResponse }),
      },
    },
    async (request) =>
      asClient(
        request,
        'evaluations',
        (ctx) => evaluateMany(check, ctx, request.body, deps.db.engine === 'postgres'),
        (r) => ('evaluations' in r ? 'batch' : r.decision ? 'permit' : 'deny'),
      ),
  );
}
