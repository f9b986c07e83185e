// What the `send`, `status` and `render` commands need from the delivery side, in one import.
//
// send:   const smtp = smtpConfigFromEnv(process.env, { insecure });          // InputError (exit 2) before anything else
//         const report = await runDelivery(letters, { out, yes, isTTY: process.stdout.isTTY, confirm, testTo, only, limit,
//             resend, retryUnknown, maxErrors, rate, onAnniversary, anniversary: petition.anniversary, lateByMs },
//           { createSender: () => createSmtpSender(smtp), renderAll, compose: { dkim: smtp.dkim, envelopeFrom: smtp.envelopeFrom, returnPath: smtp.returnPath },
//             signal, onProgress });
//         print formatDeliveryReport(report, { color }) (src/ui/delivery-report.ts) or JSON.stringify(report);
//         const error = deliveryError(report); if (error) throw error;          // exit 1
// status: const state = await readLedgerState(out); print formatStatus(statusReport(state, manifestLetters, letters?), { color }) or that report as JSON.
export { runDelivery } from './runner.js';
export type { SendOptions, SendDependencies } from './options.js';
export { deliveryError, type DeliveryReport, type DeliveryOutcome, type OutcomeStatus } from '../../core/delivery/report.js';
export { smtpConfigFromEnv, isLoopbackHost, type SmtpConfig, type Env } from '../mail/config.js';
export { createSmtpSender } from '../mail/smtp-sender.js';
export { composeMessage, letterMessageId } from '../mail/compose.js';
export { readLedgerState, readLedgerFile } from '../ledger/journal.js';
export { archivePaths, inArchive } from '../archive/layout.js';
export { writeFileAtomic } from '../archive/atomic.js';
export { readManifest, writeManifest, mergeManifest, manifestEntry, describeFiles, type Manifest, type ManifestLetter } from '../archive/manifest.js';
