import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/*
 * Reads a PDF back the way its readers will, for tests: poppler's pdfinfo and pdftotext (Debian
 * package poppler-utils), and a look at the file's own objects for what poppler does not print.
 */

type Tool = 'pdfinfo' | 'pdftotext' | 'pdffonts' | 'pdfdetach';

async function poppler(tool: Tool, args: string[], pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sauti-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return await new Promise((resolve, reject) => {
      execFile(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT')
          reject(new Error(`${tool} is missing: apt-get install -y poppler-utils`));
        else if (error) reject(new Error(`${tool} failed: ${stderr || error.message}`));
        else resolve(stdout);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdfinfo's fields (Title, Tagged, Pages, ...). */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await poppler('pdfinfo', [], pdf)).split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

/** The text, as pdftotext reads it in its reading order. */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return poppler('pdftotext', ['-enc', 'UTF-8'], pdf);
}

/** The fonts used, each with whether it is embedded, subset and mapped to Unicode. */
export async function pdfFonts(
  pdf: Uint8Array,
): Promise<Array<{ name: string; embedded: boolean; subset: boolean; unicode: boolean }>> {
  const lines = (await poppler('pdffonts', [], pdf)).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const words = line.trim().split(/\s+/);
    const [emb, sub, uni] = words.slice(-5, -2);
    return { name: words[0]!, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
  });
}

/** The names of the files embedded in the PDF. */
export async function pdfAttachments(pdf: Uint8Array): Promise<string[]> {
  const lines = (await poppler('pdfdetach', ['-list'], pdf)).split('\n').slice(1);
  return lines.map((line) => /^\d+: (.*)$/.exec(line)?.[1]).filter((name) => name !== undefined);
}

/** The structure tree with each element's text, as `pdfinfo -struct-text` prints it. */
export function pdfStructure(pdf: Uint8Array): Promise<string> {
  return poppler('pdfinfo', ['-struct-text'], pdf);
}

function latin1(pdf: Uint8Array): string {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
}

/** The document catalog's /Lang (PDFKit writes the catalog uncompressed). */
export function pdfLanguage(pdf: Uint8Array): string | undefined {
  const catalog = /<<\s*\/Type \/Catalog([\s\S]*?)>>\s*endobj/.exec(latin1(pdf))?.[1];
  return catalog ? /\/Lang \(([^)]*)\)/.exec(catalog)?.[1] : undefined;
}

/** The page content streams, inflated (PDFKit compresses them; nothing else in its files lacks a /Type). */
function contents(pdf: Uint8Array): string[] {
  const raw = latin1(pdf);
  const out: string[] = [];
  const streams = /\d+ 0 obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const dict = m[1]!;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    // page contents carry no /Type, /Subtype or font lengths in their dictionary
    if (/\/(Type|Subtype|Length1)\b/.test(dict) || !/\/FlateDecode/.test(dict) || !length) continue;
    const body = raw.slice(streams.lastIndex, streams.lastIndex + length);
    out.push(inflateSync(Buffer.from(body, 'latin1')).toString('latin1'));
  }
  return out;
}

/**
 * How many text-showing operators (Tj, TJ) in the page contents are neither inside marked content
 * of a structure element (an MCID) nor inside an artifact: text a screen reader would not find.
 */
export function unmarkedText(pdf: Uint8Array): { shown: number; unmarked: number } {
  const count = { shown: 0, unmarked: 0 };
  for (const content of contents(pdf)) {
    const stack: boolean[] = [];
    const ops = /\/(\w+)\s*(<<[\s\S]*?>>\s*)?(?:BDC|BMC)\b|\bEMC\b|[\]>]\s*T[jJ]\b/g;
    for (const [op, tag, properties] of content.matchAll(ops)) {
      if (op === 'EMC') stack.pop();
      else if (tag) stack.push(tag === 'Artifact' || /\/MCID \d+/.test(properties ?? '') || stack.at(-1) === true);
      else {
        count.shown += 1;
        if (stack.at(-1) !== true) count.unmarked += 1;
      }
    }
  }
  return count;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The /ActualText of marked content in the pages (what a reader is given in place of what is drawn). */
export function actualTexts(pdf: Uint8Array): string[] {
  const out: string[] = [];
  for (const content of contents(pdf))
    for (const m of content.matchAll(/\/ActualText \(((?:\\[\s\S]|[^\\)])*)\)/g)) {
      const bytes = m[1]!.replace(/\\([0-7]{1,3}|[\s\S])/g, (_, c: string) =>
        /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : (ESCAPES[c] ?? c),
      );
      const data = Buffer.from(bytes, 'latin1');
      out.push(
        data[0] === 0xfe && data[1] === 0xff ? Buffer.from(data.subarray(2)).swap16().toString('utf16le') : bytes,
      );
    }
  return out;
}
