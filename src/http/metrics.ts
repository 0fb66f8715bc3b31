import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DomainError } from '../domain/errors.ts';
import type { Config } from '../infra/config.ts';
import { countDeadWebhooks } from '../infra/outbox/webhook-delivery.ts';
import type { Deps } from '../ports.ts';
import { securityHeaders } from './security-headers.ts';

export interface HttpMetrics {
  registry: Registry;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** `Authorization: Bearer <BTB_METRICS_TOKEN>`, compared in constant time. */
export function hasMetricsToken(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * Where /metrics is served (issue 13, finding 12). The figures tell an attacker the routes, the
 * traffic and the process's health, so: on the public address only behind BTB_METRICS_TOKEN,
 * or openly outside production when neither a token nor an address of its own is configured;
 * on BTB_METRICS_LISTEN (an address of its own, e.g. 127.0.0.1:9464 for the scraper) always,
 * still behind the token when there is one. In production with neither: not served.
 */
function servedOnPublicAddress(config: Config): boolean {
  if (config.metrics.token) return true;
  return !config.metrics.listen && config.env !== 'production';
}

/** One registry per app instance, so that tests can build several apps in one process. */
export function installMetrics(app: FastifyInstance, config: Config): HttpMetrics {
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
  // One labelled child per (method, route, status), found by a string key: prom-client would
  // otherwise hash the label object on every request (issue 20, session 9); synchronous, no promise.
  const children = new Map<
    string,
    { count: ReturnType<typeof requests.labels>; time: ReturnType<typeof duration.labels> }
  >();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: raw URLs carry identifiers and explode cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let c = children.get(key);
    if (!c) {
      if (children.size >= 10_000) children.clear();
      c = {
        count: requests.labels(request.method, route, String(reply.statusCode)),
        time: duration.labels(request.method, route),
      };
      children.set(key, c);
    }
    c.count.inc();
    c.time.observe(reply.elapsedTime / 1000);
    done();
  });
  const token = config.metrics.token;
  if (servedOnPublicAddress(config)) {
    app.get(
      '/metrics',
      { schema: { hide: true }, config: { btbActor: false } },
      async (request: FastifyRequest, reply) => {
        if (token && !hasMetricsToken(request.headers.authorization, token)) {
          throw new DomainError('authentication.required', { scheme: 'Bearer' });
        }
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  }
  const listen = config.metrics.listen;
  if (listen) {
    // Its own small server, started and stopped with the app; it serves /metrics and nothing else.
    let server: Server | undefined;
    // the security headers on its answers too (issue 20, session 10: every answer of the process)
    const security = Object.fromEntries(securityHeaders().set);
    app.addHook('onListen', async () => {
      server = createServer((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
          res.writeHead(404, security).end();
          return;
        }
        if (token && !hasMetricsToken(req.headers.authorization, token)) {
          res.writeHead(401, { ...security, 'www-authenticate': 'Bearer' }).end();
          return;
        }
        registry.metrics().then(
          (body) => res.writeHead(200, { ...security, 'content-type': registry.contentType }).end(body),
          () => res.writeHead(500, security).end(),
        );
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(listen.port, listen.host, resolve);
      });
      app.log.info({ metrics: `http://${listen.host}:${listen.port}/metrics` }, 'metrics listening');
    });
    app.addHook('onClose', async () => {
      if (!server) return;
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
    });
  }
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
