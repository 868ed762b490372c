import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts.ts';
import { Structure } from './structure.ts';
import { A4, PdfWriter, type PageLayout } from './writer.ts';

export interface PdfInfo {
  /** Shown as the reader's window title. */
  title: string;
  subject?: string;
  /** the document information's Keywords (a signed document's seal, for programs to read back) */
  keywords?: string;
  author?: string;
  producer?: string;
  /** BCP 47, e.g. sw-KE: the language screen readers read the document in. */
  language: string;
  /** Creation and modification date: when what the document shows was taken. */
  date: Date;
  /**
   * More document information entries, for programs to read back (names as PDF names, e.g. `SautiLogEvidence`;
   * values plain ASCII without parentheses or backslashes, so they are written as they are).
   */
  extra?: Record<string, string>;
}

export interface PdfOptions {
  /** Margins in points (default 48); the bottom one leaves room for a footer (default margin + 30). */
  margin?: number;
  bottom?: number;
  size?: [number, number];
}

/**
 * A new tagged PDF (PDF/UA-1, PDF 1.7): its language and title set, the title shown in the reader's
 * window, everything drawn through the writer placed in the structure tree or marked as an artifact.
 * Text is set in DejaVu Sans, Sans Bold and Sans Mono, embedded as subsets of the glyphs used, so
 * Kiswahili and names in other scripts print as written and files stay small. The writer starts on
 * its first page; `writer.save()` gives the bytes.
 */
export function createPdf(info: PdfInfo, options: PdfOptions = {}): PdfWriter {
  const metadata: PDFKit.DocumentInfo = {
    Title: info.title,
    Creator: 'Sauti',
    Producer: info.producer ?? 'Sauti',
    CreationDate: info.date,
    ModDate: info.date,
  };
  if (info.subject !== undefined) metadata.Subject = info.subject;
  if (info.author !== undefined) metadata.Author = info.author;
  if (info.keywords !== undefined) metadata.Keywords = info.keywords;
  for (const [name, value] of Object.entries(info.extra ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !/^[\x20-\x27\x2a-\x5b\x5d-\x7e]*$/.test(value))
      throw new Error(`pdf: document information ${name} must be a plain name with a plain ASCII value`);
    (metadata as Record<string, unknown>)[name] = value;
  }
  const settings = {
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: info.language,
    displayTitle: true,
    info: metadata,
    autoFirstPage: false,
    bufferPages: true,
    font: null,
  } as const;
  // PDFKit takes 'PDF/UA' as a subset and null for "no default font"; its typings lag behind
  const doc = new PDFDocument(settings as unknown as PDFKit.PDFDocumentOptions);
  escapeMetadata(doc);
  const charsets = registerFonts(doc);
  const margin = options.margin ?? 48;
  const layout: PageLayout = { size: options.size ?? A4, margin, bottom: options.bottom ?? margin + 30 };
  return new PdfWriter(doc, layout, new Structure(doc), charsets);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * PDFKit writes the title, subject and author into the XMP metadata as they are, so a title holding
 * "&" or "<" would make that XML invalid; they are escaped there (the document information keeps them
 * as written) by wrapping the step that writes them.
 */
function escapeMetadata(doc: PDFKit.PDFDocument): void {
  const target = doc as unknown as { info: PDFKit.DocumentInfo; _addInfo?: () => void };
  const addInfo = target._addInfo;
  if (typeof addInfo !== 'function') throw new Error('pdf: PDFKit no longer writes metadata the known way');
  target._addInfo = function (this: typeof target) {
    const info = this.info;
    const escaped = { ...info };
    for (const key of ['Title', 'Subject', 'Author', 'Producer', 'Creator'] as const)
      if (info[key] !== undefined) escaped[key] = xml(info[key]);
    this.info = escaped;
    try {
      addInfo.call(this);
    } finally {
      this.info = info;
    }
  };
}
