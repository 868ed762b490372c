import { PDFDocument, StandardFonts } from 'pdf-lib';
import { A4, PdfWriter, type PageLayout } from './writer.ts';

export interface PdfInfo {
  title: string;
  /** Show the title, not the file name, in the reader's window. */
  showTitle?: boolean;
  subject?: string;
  author?: string;
  producer?: string;
  /** BCP 47, e.g. sw-KE. */
  language?: string;
  /** Creation and modification date: when what the document shows was taken. */
  date: Date;
}

export interface PdfOptions {
  /** Margins in points (default 48); the bottom one leaves room for a footer (default margin + 30). */
  margin?: number;
  bottom?: number;
  size?: [number, number];
  /** Embeds Courier too, for signed or fixed-width text. */
  mono?: boolean;
}

/**
 * A new PDF drawn with the standard fonts (Helvetica, Helvetica-Bold, Courier if asked): nothing
 * embedded, so files stay small for phones on slow data and look the same in every reader. The
 * writer starts on its first page; `writer.doc` is the pdf-lib document (attachments, saving).
 */
export async function createPdf(info: PdfInfo, options: PdfOptions = {}): Promise<PdfWriter> {
  const doc = await PDFDocument.create();
  doc.setTitle(info.title, { showInWindowTitleBar: info.showTitle ?? false });
  if (info.subject !== undefined) doc.setSubject(info.subject);
  if (info.author !== undefined) doc.setAuthor(info.author);
  doc.setCreator('Sauti');
  doc.setProducer(info.producer ?? 'Sauti');
  if (info.language !== undefined) doc.setLanguage(info.language);
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: options.mono ? await doc.embedFont(StandardFonts.Courier) : undefined,
  };
  const margin = options.margin ?? 48;
  const layout: PageLayout = { size: options.size ?? A4, margin, bottom: options.bottom ?? margin + 30 };
  return new PdfWriter(doc, fonts, layout);
}
