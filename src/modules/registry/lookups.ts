import { ExtensionPoint } from '../../platform/extensions.ts';
import type { Platform } from '../../platform/module.ts';
import { checkReceiptOffline, receiptKind, type ReceiptCheck } from './receipts.ts';

/** Finds the stored submission's hash by its registry number (undefined: no such submission). */
export type ReceiptLookup = (platform: Platform, registryNumber: string) => Promise<{ sha256: string } | undefined>;

/**
 * Where modules that keep receipted submissions tell the verification page how to find a
 * submission's hash. The key is the registry number's prefix in capitals (e.g. "IGR").
 */
export const receiptLookups = new ExtensionPoint<ReceiptLookup>('registry.receiptLookups');

/**
 * The full check: form, the registry's current key, the signature, then (when a module provides a
 * lookup for the number's kind) the stored submission's hash. Junk gives `malformed`, never an
 * exception; a failing lookup (database down) does throw, rather than call a receipt not genuine.
 */
export async function checkReceipt(platform: Platform, receipt: unknown): Promise<ReceiptCheck> {
  const offline = checkReceiptOffline(platform.registry.publicKeyPem, receipt);
  if (!offline.genuine || !offline.receipt) return { genuine: false, reason: offline.reason ?? 'malformed' };
  const lookup = platform.extensions.get(receiptLookups, receiptKind(offline.receipt.registryNumber));
  if (!lookup) return { genuine: true };
  const stored = await lookup(platform, offline.receipt.registryNumber);
  if (!stored) return { genuine: false, reason: 'not_found' };
  if (stored.sha256.toLowerCase() !== offline.receipt.sha256) return { genuine: false, reason: 'hash_mismatch' };
  return { genuine: true };
}
