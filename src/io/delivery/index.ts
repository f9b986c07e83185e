// What the `send`, `status` and `render` commands need from the delivery side, in one import.
export { runDelivery, deliveryError, type SendOptions, type SendDependencies, type DeliveryReport, type DeliveryOutcome, type OutcomeStatus } from './runner.js';
export { smtpConfigFromEnv, isLoopbackHost, type SmtpConfig, type Env } from '../mail/config.js';
export { createSmtpSender } from '../mail/smtp-sender.js';
export { composeMessage, letterMessageId } from '../mail/compose.js';
export { readLedgerState, readLedgerFile } from '../ledger/journal.js';
export { archivePaths, inArchive } from '../archive/layout.js';
export { writeFileAtomic } from '../archive/atomic.js';
export { readManifest, writeManifest, mergeManifest, manifestEntry, describeFiles, type Manifest, type ManifestLetter } from '../archive/manifest.js';
