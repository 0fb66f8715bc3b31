/** Use cases import Deps from here; the type itself sits in ports.ts so that infra can name it too. */
export type { Deps } from '../ports.ts';
