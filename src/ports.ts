/**
 * Interfaces at the real boundaries of btb. Use cases depend on these, never on a driver.
 */

import type { Loa } from './domain/actor.ts';
import type { AttachmentType } from './domain/attachment-type.ts';
import { brusselsDate } from './domain/brussels-time.ts';
import type { Catalogue } from './domain/catalogue.ts';
// The one infrastructure type Deps carries, as a type only (nothing of infra loads with this
// file): the database handle, which use cases use directly (ARCHITECTURE.md convention 5; the
// rule `ports-infra-only-the-database` of .dependency-cruiser.cjs names it). Every other boundary
// is declared below and implemented in infra, wired by src/main.
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
/**
 * The settings, read and checked once from the environment by infra/config.ts (the only reader
 * of process.env) and handed to every layer in Deps. Plain data: its shape is declared here so
 * that nothing but the database ties the ports to infra. docs/configuration.md describes each.
 */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  /** PostgreSQL: connections in the request pool (DATABASE_POOL_SIZE) */
  databasePoolSize: number;
  logLevel: string;
  cataloguePath?: string;
  /**
   * /metrics (issue 13, finding 12): behind a bearer token, and/or on its own listen address; in
   * production with neither it is not served at all. docs/configuration.md "Metrics and API docs"
   */
  metrics: { token?: string; listen?: { host: string; port: number } };
  /** /openapi.json and /docs served to anyone (the contract is no secret; a setting all the same) */
  apiDocsPublic: boolean;
  /** development identity: `btb dev token` key and the embedded identity provider */
  devLogin: boolean;
  devKeyPath: string;
  /** browser login and sessions; docs/configuration.md "Login (OpenID Connect)" */
  login: {
    redirectPath: string;
    postLogoutRedirectUri: string;
    scopes: string;
    claimForeignId: string;
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    /** keys the CSRF tokens derived from sessions; the same on every node */
    sessionSecret: string;
    cookieSecure: boolean;
    /** requests per minute and client address */
    rateLimitAuth: number;
    rateLimitDevIdp: number;
    /** the public register and catalogue reads, per minute and client address */
    rateLimitPublic: number;
  };
  oidc: {
    issuer?: string;
    clientId?: string;
    clientSecret?: string;
    /** audience expected in bearer tokens */
    audience: string;
    /** longest a bearer token may live (exp − iat) and longest since it was issued (now − iat), in seconds */
    bearerMaxLifetimeSeconds: number;
    claims: {
      person: string;
      loa: string;
      familyName: string;
      givenName: string;
      email: string;
      locale: string;
      birthDate: string;
    };
    /** provider acr value → eIDAS level */
    acrMap: Record<string, Loa>;
  };
  mail: { smtpUrl?: string; from: string; mailboxDir: string };
  invitationTtlDays: number;
  /**
   * access requests (issue 18): how long one stays open, and how many a person may have open per
   * enterprise; how long a vendor's request for a system user stays open
   */
  accessRequests: { ttlDays: number; maxOpenPerEnterprise: number; systemUserTtlDays: number };
  /** usage limits of changes that fan out (issue 13, finding 10); docs/configuration.md */
  rateLimit: {
    /** Redis shared by every node; without it each process counts alone (single node) */
    redisUrl?: string;
    redisPrefix: string;
    /** mandates proposed or ended, bulk lines included, per person per hour */
    mandateUnitsPerActorPerHour: number;
    /** the same per API client (the OAuth client a bearer token was issued to) per hour */
    mandateUnitsPerClientPerHour: number;
  };
  reminderDays: number[];
  /** what a register import may do to rights (issue 17); docs/configuration.md "Register changes" */
  registerChanges: {
    /** days a main/co-main without a basis keeps working before being suspended */
    graceDays: number;
    /** an import affecting more than this percentage of all rights waits for an operator */
    holdAllPercent: number;
    /** … or more than this percentage of one enterprise's rights */
    holdEnterprisePercent: number;
    /** … but never when it affects fewer rights than this (in all, or in the enterprise) */
    holdMinRights: number;
  };
  /** rights that look after themselves (issue 17); docs/configuration.md "Lifetime of rights" */
  /**
   * The check index preloads every own grant at start-up when there are at most this many
   * (BTB_CHECK_PRELOAD_MAX_GRANTS; 0: never, every person read on demand): memory against speed
   */
  checkPreloadMaxGrants: number;
  lifetime: {
    /** a grant no check used for this long is flagged, its holder and managers told */
    unusedGrantMonths: number;
    /** days between that notice and the end of a grant still unused */
    unusedNoticeDays: number;
    /** how often the check API writes the grants it saw used, in one batch */
    useFlushSeconds: number;
    /** an open mandate proposal expires after this many days; the proposing side is told */
    mandateProposalDays: number;
  };
  /** attempts before a webhook delivery is dead-lettered; docs/configuration.md "Mail and reminders" */
  webhookMaxAttempts: number;
  attachmentsDir: string;
  /** the exception procedure (service desk); docs/configuration.md "Exception procedure" */
  exception: {
    targetWorkingDays: number;
    /** a request is flagged "near" its target when this many working days or fewer are left */
    warnWorkingDays: number;
    fourEyes: boolean;
    powDifficulty: number;
    maxFileBytes: number;
    maxRequestBytes: number;
    /** accepted submissions per requester address per hour; refused ones are not counted */
    ratePerAddressPerHour: number;
  };
  /** days personal data outlives its use before `btb retention apply` removes it; docs/configuration.md "Retention" */
  retention: {
    sessionDays: number;
    outboxDays: number;
    webhookDays: number;
    invitationDays: number;
    exceptionDays: number;
  };
  /** the audit chain's signed checkpoints (anchors); docs/audit.md, docs/configuration.md "Audit" */
  audit: {
    /** Ed25519 private key, PEM or base64 PKCS#8 (BTB_AUDIT_SIGNING_KEY); wins over the file */
    signingKey?: string;
    /** a PEM file holding it; outside production defaults to data/audit-signing-key.pem */
    signingKeyFile?: string;
    /** create the key file when missing: outside production only */
    generateKey: boolean;
    /** PEM public keys of retired signing keys, still trusted by `btb audit verify` */
    keyringFile?: string;
    /** the append-only file every checkpoint is written to, fsync'd, before a change is answered */
    anchorFile: string;
    /** optional remote copy of each checkpoint (POST, JSON), sent after the local write */
    anchorWebhook?: string;
  };
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
