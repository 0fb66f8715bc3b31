/**
 * Interfaces at the real boundaries of btb. Use cases depend on these, never on a driver.
 */
import type { AttachmentType } from './domain/attachment-type.ts';
import { brusselsDate } from './domain/brussels-time.ts';
import type { Catalogue } from './domain/catalogue.ts';
// The two infrastructure types Deps carries, imported as types only (nothing of infra loads with
// this file): the database handle, which use cases may use directly (ARCHITECTURE.md convention 5,
// named in .dependency-cruiser.cjs), and Config, plain data read once by infra/config.ts. Every
// other boundary is an interface declared below and implemented in infra, wired by src/main.
import type { Config } from './infra/config.ts';
import type { DbHandle, Queryable } from './infra/db/database.ts';

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
  attachments: AttachmentStore;
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

/** KBO status code of an active enterprise; everything else (ST stopped...) has no powers. */
export const ACTIVE_STATUS = 'AC';

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
 * service can replace the imported files. Every method receives the caller's transaction (or
 * database handle): the imported registers are read in the same transaction as the chain they
 * decide on; a live adapter ignores it.
 */
export interface Registers {
  enterprise(q: Queryable, number: string): Promise<EnterpriseFacts | undefined>;
  /** functions valid on `day` (start ≤ day, and no end or end ≥ day) */
  currentFunctions(
    q: Queryable,
    enterpriseNumber: string,
    personNumber: string,
    day: string,
  ): Promise<LegalFunctionFact[]>;
  isEmployee(q: Queryable, enterpriseNumber: string, personNumber: string, day: string): Promise<boolean>;
  /** enterprises where the person holds a function valid on `day` */
  enterprisesRepresentedBy(q: Queryable, personNumber: string, day: string): Promise<string[]>;
}

export interface StoredAttachment {
  sha256: string;
  size: number;
  contentType: AttachmentType;
}

/**
 * Where the exception procedure's documents live: the boundary an object store (S3, Swift...)
 * implements; src/main wires the filesystem store under config.attachmentsDir.
 */
export interface AttachmentStore {
  /** checks the content type by its bytes and stores it; refuses anything else */
  put(bytes: Buffer): Promise<StoredAttachment>;
  get(sha256: string): Promise<Buffer>;
  /** deletes the content (retention); true when it was there, false when already gone */
  remove(sha256: string): Promise<boolean>;
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
