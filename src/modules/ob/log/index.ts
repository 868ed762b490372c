/** The national log: what the rest of the Occurrence Book and the command line use. */
export { integrateNow, logEvents } from './integrator.ts';
export {
  proofOfEntry,
  proofOfLeaf,
  evidenceOfLeaf,
  evidenceOfEntry,
  consistencyBetween,
  type InclusionProof,
} from './proofs.ts';
export { logKey, logTrust, readLogKey, type LogKey } from './key.ts';
export { logSettings } from './settings.ts';
export { witnessNow } from './witnessing.ts';
export { logIntegratorJob } from './job.ts';
export { logProofRoutes, logTileRoutes } from './routes.ts';
export { obCommand, obUsage } from './command.ts';
export { auditLog, type AuditResult } from './audit.ts';
export { auditRemote } from './audit-remote.ts';
