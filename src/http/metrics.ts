import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { countDeadWebhooks } from '../infra/outbox/webhook-delivery.ts';
import type { Deps } from '../ports.ts';

export interface HttpMetrics {
  registry: Registry;
}

/** One registry per app instance, so that tests can build several apps in one process. */
export function installMetrics(app: FastifyInstance): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'btb_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'btb_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: raw URLs carry identifiers and explode cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry };
}

/** Webhook deliveries that stopped being retried (BTB_WEBHOOK_MAX_ATTEMPTS): an operator replays them. */
export function installWebhookMetrics(registry: Registry, deps: Deps): void {
  new Gauge({
    name: 'btb_webhook_deliveries_dead',
    help: 'Webhook deliveries dead-lettered after too many failed attempts (btb webhooks replay)',
    registers: [registry],
    async collect() {
      this.set(await countDeadWebhooks(deps));
    },
  });
}
