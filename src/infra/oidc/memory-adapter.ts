/**
 * The embedded development provider's storage: in memory, on purpose (a restart logs everyone
 * out of the development login, nothing more). oidc-provider's own in-memory adapter does the
 * same but prints a warning on every start; production never runs this provider at all (it uses
 * an external issuer, docs/configuration.md "Login").
 */
type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

const store = new Map<string, { payload: Payload; expiresAt: number }>();

export class MemoryAdapter {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  private key(id: string): string {
    return `${this.name}:${id}`;
  }

  async upsert(id: string, payload: Payload, expiresIn: number): Promise<void> {
    store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }

  async find(id: string): Promise<Payload | undefined> {
    const entry = store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  private async findBy(field: 'userCode' | 'uid', value: string): Promise<Payload | undefined> {
    const prefix = `${this.name}:`;
    for (const [key, entry] of store) {
      if (key.startsWith(prefix) && entry.payload[field] === value) return this.find(key.slice(prefix.length));
    }
    return undefined;
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findBy('userCode', userCode);
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.findBy('uid', uid);
  }

  async consume(id: string): Promise<void> {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
  }
}
