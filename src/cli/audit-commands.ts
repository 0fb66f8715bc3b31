import type { Command } from 'commander';
import { loadAuditKeyring, loadAuditSigner, publicKeyPem, rotateAuditKeyFile } from '../infra/audit/audit-key.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { describeFinding, readAnchorFiles, verifyAnchors } from '../infra/audit/verify-anchors.ts';
import type { Config } from '../infra/config.ts';
import { openDatabase } from '../infra/db/database.ts';
import { progress } from './progress.ts';

/** `btb audit …`: verify the chain against the signed anchors, and manage the signing key (docs/audit.md). */
export function registerAuditCommands(program: Command, loadConfig: () => Config): void {
  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description(
      'Check the hash chain, then the chain against the signed anchors; names every problem by sequence number',
    )
    .option('--anchors <files...>', 'anchor files to check (several nodes: one each); default BTB_AUDIT_ANCHOR_FILE')
    .option('--keyring <file>', 'PEM public keys trusted besides the current signing key; default BTB_AUDIT_KEYRING')
    .action(async (opts: { anchors?: string[]; keyring?: string }) => {
      const config = loadConfig();
      const db = openDatabase(config.databaseUrl);
      try {
        const total = await db.db.selectFrom('audit_head').select('seq').executeTakeFirst();
        const bar = progress('verifying audit events');
        bar.total(total?.seq ?? 0);
        let last = 0;
        const chain = await verifyAudit(db.db, (n) => {
          bar.tick(n - last);
          last = n;
        });
        bar.done(chain.ok ? `${chain.events} events, chain intact` : 'chain broken');
        if (!chain.ok) console.error(`seq ${chain.brokenAt}: audit chain broken: ${chain.reason}`);

        // The verifier needs public keys only; the signing key's public half is added when at hand.
        let signer: ReturnType<typeof loadAuditSigner> | undefined;
        try {
          signer = loadAuditSigner({ ...config, audit: { ...config.audit, generateKey: false } });
        } catch {
          signer = undefined;
        }
        const keyring = loadAuditKeyring(
          { ...config, audit: { ...config.audit, keyringFile: opts.keyring ?? config.audit.keyringFile } },
          signer,
        );
        const files = opts.anchors ?? [config.audit.anchorFile];
        const { anchors, malformed } = readAnchorFiles(files);
        const report = await verifyAnchors(db.db, anchors, keyring);
        const findings = [...malformed, ...report.findings];
        for (const f of findings) console.error(describeFinding(f));
        if (report.unanchored > 0) {
          console.error(
            `note: ${report.unanchored} event(s) after seq ${report.anchoredSeq} have no anchor yet (a stop between commit and anchor leaves some)`,
          );
        }
        const isUnvouched = anchors.length === 0 && (total?.seq ?? 0) > 0;
        if (!chain.ok || findings.length > 0 || isUnvouched) {
          if (isUnvouched)
            console.error(`no anchors in ${files.join(', ')}: nothing outside the database vouches for the chain`);
          process.exitCode = 1;
        } else {
          console.log(
            `ok: ${chain.events} events, chain intact; ${report.anchors} signed anchors up to seq ${report.anchoredSeq} match`,
          );
        }
      } finally {
        await db.close();
      }
    });

  const key = audit.command('key').description('The audit signing key (Ed25519, outside the database)');
  key
    .command('public')
    .description("Print the public key of the current signing key (PEM), for a verifier's keyring")
    .action(() => {
      const signer = loadAuditSigner(loadConfig());
      process.stderr.write(`key id ${signer.keyId}\n`);
      process.stdout.write(publicKeyPem(signer.publicKey));
    });
  key
    .command('rotate')
    .description(
      'Keep the current public key in the keyring, then replace the key file with a new key (restart the servers after)',
    )
    .action(() => {
      const config = loadConfig();
      if (config.audit.signingKey)
        throw new Error('the key comes from BTB_AUDIT_SIGNING_KEY: rotate it there (docs/audit.md "Rotation")');
      if (!config.audit.signingKeyFile || !config.audit.keyringFile)
        throw new Error('BTB_AUDIT_SIGNING_KEY_FILE and BTB_AUDIT_KEYRING must be set');
      const r = rotateAuditKeyFile(config.audit.signingKeyFile, config.audit.keyringFile);
      process.stdout.write(`retired key ${r.oldKeyId} (kept in ${config.audit.keyringFile}); new key ${r.newKeyId}\n`);
    });
}
