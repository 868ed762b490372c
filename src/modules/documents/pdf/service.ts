import type { Actor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import { sha256Hex } from '../../../platform/crypto/index.ts';
import { Forbidden, NotFound } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { keepsBookOf } from '../../ob/index.ts';
import { documentPdf } from '../pdf.ts';
import { normaliseRequestCode } from '../service.ts';
import { documentByNumber, documentByRequestCode } from './store.ts';

export interface DownloadedDocument {
  number: string;
  pdf: Uint8Array;
}

/** A document number as its address gives it (PA/SALAMA/2026/12), in the parts that make it. */
export interface NumberParts {
  series: string;
  station: string;
  year: string;
  serial: string;
}

/**
 * An issued document's PDF for the desk of the station that issued it (its officers and commander);
 * another staff member is refused (403) before anything is read, so the wall says nothing of what exists.
 */
export async function deskDocumentPdf(
  platform: Platform,
  actor: Actor,
  parts: NumberParts,
): Promise<DownloadedDocument> {
  const who = requireStaff(actor);
  if (!keepsBookOf(who, parts.station.toLowerCase())) throw new Forbidden();
  const { series, station, year, serial } = parts;
  if (!/^(PA|P3)$/i.test(series) || !/^\d{4}$/.test(year) || !/^[1-9]\d{0,8}$/.test(serial)) throw new NotFound();
  const number = `${series}/${station}/${year}/${serial}`.toUpperCase();
  const found = await documentByNumber(platform.db.pool, number);
  if (!found || found.station_id !== who.stationId) throw new NotFound();
  return { number: found.number, pdf: await documentPdf(platform, found.id) };
}

/** The document issued in answer to a request, for whoever holds its request code; a wrong code and one still waiting answer alike (404). */
export async function requesterDocumentPdf(platform: Platform, typedCode: string): Promise<DownloadedDocument> {
  const code = normaliseRequestCode(cleanText(typedCode));
  const found = code && (await documentByRequestCode(platform.db.pool, sha256Hex(code)));
  if (!found) throw new NotFound();
  return { number: found.number, pdf: await documentPdf(platform, found.id) };
}

/** The PDF's file name: its number, with dashes for slashes. */
export const fileName = (number: string) => `${number.replace(/\//g, '-')}.pdf`;
