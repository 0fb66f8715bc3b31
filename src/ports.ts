import { brusselsDate } from './domain/brussels-time.ts';

/**
 * Interfaces at the real boundaries of btb. Use cases depend on these, never on a driver.
 */
import type { Catalogue } from './domain/catalogue.ts';
import type { Config } from './infra/config.ts';
import type { DbHandle } from './infra/db/database.ts';

/**
 * What every use case receives as its first argument: no singletons, no environment reads.
 * It lives here, not in app/, because infra's outbox worker, webhook delivery and demo seeding
 * receive it too, and infra must not import app (.dependency-cruiser.cjs).
 */
export interface Deps {
  config: Config;
  db: DbHandle;
  catalogue: Catalogue;
  clock: Clock;
  registers: Registers;
}
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The day (YYYY-MM-DD) of an instant on the Brussels calendar: the registers' dates are Belgian
 * calendar days, so at 00:30 in Brussels it is already the next day (issue 14, item 2).
 */
export function isoDate(d: Date): string {
  return brusselsDate(d);
}

export interface EnterpriseFacts {
  number: string;
  status: string;
  isActive: boolean;
}

export interface LegalFunctionFact {
  enterpriseNumber: string;
  personNumber: string;
  functionCode: string;
  startDate: string;
  endDate: string | null;
}

/**
 * The registers btb reads and never writes: the enterprise register (KBO) with the legal
 * functions of persons, and the employment register. Behind this port so that a live web
 * service can replace the imported files.
 */
export interface Registers {
  enterprise(number: string): Promise<EnterpriseFacts | undefined>;
  /** functions valid on `day` (start ≤ day, and no end or end ≥ day) */
  currentFunctions(enterpriseNumber: string, personNumber: string, day: string): Promise<LegalFunctionFact[]>;
  isEmployee(enterpriseNumber: string, personNumber: string, day: string): Promise<boolean>;
  /** enterprises where the person holds a function valid on `day` */
  enterprisesRepresentedBy(personNumber: string, day: string): Promise<string[]>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** stable id: the outbox sends each message once */
  id: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
