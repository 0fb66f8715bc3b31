import { createServer } from 'node:net';

/**
 * A minimal browser for tests over real HTTP: a cookie jar per host (as browsers do, ports
 * share cookies), manual redirects, and form posts. Enough to walk an OpenID Connect login.
 */
export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();
  userAgent = 'btb-test-browser/1.0';

  cookies(url: string): Map<string, string> {
    const host = new URL(url).hostname;
    let m = this.jar.get(host);
    if (!m) {
      m = new Map();
      this.jar.set(host, m);
    }
    return m;
  }

  setCookie(url: string, name: string, value: string): void {
    this.cookies(url).set(name, value);
  }

  async request(
    url: string,
    init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {},
  ) {
    const jar = this.cookies(url);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...init.headers };
    if (cookie) headers.cookie = cookie;
    if (init.body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.body?.toString(),
      headers,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!) < new Date()),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects until one leads to a URL for which `stop` says true (not requested), or a non-redirect. */
  async follow(url: string, stop: (u: string) => boolean = () => false, init?: Parameters<TestBrowser['request']>[1]) {
    let res = await this.request(url, init);
    let current = url;
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      current = new URL(res.headers.get('location')!, current).href;
      if (stop(current)) return { res, url: current, stopped: true };
      res = await this.request(current);
    }
    return { res, url: current, stopped: false };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The `action` of the first form on an HTML page (made absolute). */
export function formAction(html: string, base: string, index = 0): string {
  const actions = [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) =>
    m[1]!.replace(/&#38;/g, '&').replace(/&amp;/g, '&'),
  );
  return new URL(actions[index]!, base).href;
}
