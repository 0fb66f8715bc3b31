import type { Deps } from '../src/app/deps.ts';
import type { Loa } from '../src/domain/actor.ts';
import { signDevToken } from '../src/infra/auth/dev-key.ts';

/** A bearer token the app under test trusts (development key), for a person at a level. */
export async function tokenFor(
  deps: Deps,
  person: string,
  loa: Loa = 'substantial',
  extra: Record<string, unknown> = {},
): Promise<string> {
  return signDevToken(
    deps.config.devKeyPath,
    { national_number: person, acr: loa, ...extra },
    { audience: deps.config.oidc.audience },
  );
}

export async function authHeader(
  deps: Deps,
  person: string,
  loa: Loa = 'substantial',
  extra: Record<string, unknown> = {},
) {
  return { authorization: `Bearer ${await tokenFor(deps, person, loa, extra)}` };
}
