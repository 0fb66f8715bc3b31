import type { AuthMeans, Loa } from '../../domain/actor.ts';
import { demoPersons } from '../demo/demo-data.ts';

/** What the development identity provider lets a tester be: the demo persons and one foreigner. */
export interface DevAccount {
  key: string;
  accountId: string;
  personNumber: string | null;
  foreignId: string | null;
  /** YYYY-MM-DD; only the foreign test person carries it, as eIDAS guarantees it */
  birthDate?: string;
  familyName: string;
  givenName: string;
  email: string;
  locale: string;
}

/** A person without a Belgian national or BIS number, logging in through eIDAS. */
export const foreignDemoPerson = {
  foreignId: 'DE/BE/T22000129',
  familyName: 'Mustermann',
  givenName: 'Erika',
  birthDate: '1964-08-12',
  email: 'erika.mustermann@example.de',
  language: 'de',
} as const;

export const devAccounts: DevAccount[] = [
  ...Object.entries(demoPersons).map(([key, p]) => ({
    key,
    accountId: p.number,
    personNumber: p.number,
    foreignId: null,
    familyName: p.familyName,
    givenName: p.givenName,
    email: p.email,
    locale: p.language,
  })),
  {
    key: 'foreignEidas',
    accountId: `eidas:${foreignDemoPerson.foreignId}`,
    personNumber: null,
    foreignId: foreignDemoPerson.foreignId,
    birthDate: foreignDemoPerson.birthDate,
    familyName: foreignDemoPerson.familyName,
    givenName: foreignDemoPerson.givenName,
    email: foreignDemoPerson.email,
    locale: foreignDemoPerson.language,
  },
];

/** The means a tester can pick, with the level each gives (eIDAS assurance levels). */
export const devMeans: { means: AuthMeans; loa: Loa; label: string }[] = [
  { means: 'eid', loa: 'high', label: 'eID card reader' },
  { means: 'itsme', loa: 'high', label: 'itsme' },
  { means: 'security-code', loa: 'substantial', label: 'Security code (app or SMS)' },
  { means: 'password', loa: 'low', label: 'Username and password' },
];

/** Foreign eIDs arrive through eIDAS; the level is that of the notified scheme (here: high). */
export const eidasMeans = { means: 'eidas' as AuthMeans, loa: 'high' as Loa };
