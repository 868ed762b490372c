/**
 * Whether a document's OB entry is the one the national log holds at the index its QR code names: the
 * log's evidence (the public leaf, its inclusion proof, a witnessed checkpoint) checked against the
 * log's and the witnesses' published keys, and the leaf's open facts against the document's. Runs in
 * the verify page (offline, once it has the evidence) and in `sauti verify`; imports nothing from node:*.
 */
import type { DocumentClaims } from '../../platform/signed-docs/document-payload.ts';
import { checkLeafEvidence, type LeafEvidence, type LogTrust } from '../../platform/tlog/evidence.ts';

export type DocumentInLog =
  /** the entry is in a checkpoint the log signed; `witnessed` are the trusted witnesses that cosigned it */
  | { state: 'recorded'; leafIndex: number; size: number; witnessed: Array<{ name: string; at: number }> }
  /** the evidence is good, but for another entry than the document's */
  | { state: 'other-entry' }
  /** the evidence does not hold: not signed by the log, the proof fails, or it is not evidence */
  | { state: 'not-proven' };

/** The open lines of an OB leaf (`sauti-ob-entry/v1`, then `<field> <value>` lines) that a document repeats. */
function leafFacts(leaf: Uint8Array): Map<string, string> | undefined {
  const lines = new TextDecoder('utf-8', { fatal: false }).decode(leaf).split('\n');
  if (lines[0] !== 'sauti-ob-entry/v1') return undefined;
  const facts = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const space = line.indexOf(' ');
    if (space > 0 && !facts.has(line.slice(0, space))) facts.set(line.slice(0, space), line.slice(space + 1));
  }
  return facts;
}

function sameEntry(claims: DocumentClaims, leafIndex: number, leaf: Uint8Array): boolean {
  const facts = leafFacts(leaf);
  const occurred = Date.parse(facts?.get('occurred') ?? '');
  return (
    facts !== undefined &&
    claims.leafIndex === leafIndex &&
    facts.get('station') === claims.stationId &&
    facts.get('ob') === claims.obNumber &&
    Math.floor(occurred / 1000) === claims.eventAt
  );
}

/** Checks the evidence for a document whose QR code was already found genuine. */
export async function checkDocumentInLog(
  claims: DocumentClaims,
  evidence: unknown,
  trust: LogTrust,
): Promise<DocumentInLog> {
  const result = await checkLeafEvidence(evidence, trust);
  if (!result.ok) return { state: 'not-proven' };
  if (!sameEntry(claims, result.leafIndex, result.leaf)) return { state: 'other-entry' };
  return { state: 'recorded', leafIndex: result.leafIndex, size: result.size, witnessed: result.witnessed };
}

/** The name of the document information entry that holds the evidence in a document's PDF. */
export const EVIDENCE_INFO_KEY = 'SautiLogEvidence';

/** The evidence as a PDF carries it in its metadata: base64url of its JSON (no escaping needed). */
export const encodeEvidence = (evidence: LeafEvidence): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(evidence))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export function decodeEvidence(text: string): unknown {
  try {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
