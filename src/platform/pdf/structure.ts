/** Structure types Sauti's documents use (ISO 32000-1, 14.8.4). */
export type Tag =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'Figure'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody';

export interface ElementOptions {
  /** Alternative text (a Figure's, required). */
  alt?: string;
  lang?: string;
  /** [left, top, right, bottom] in PDFKit's coordinates (from the top of the page). */
  bbox?: [number, number, number, number];
  /** A table header's scope. */
  scope?: 'Row' | 'Column' | 'Both';
}

/**
 * The document's logical structure as it is drawn: elements nest as `element` calls do, and what is
 * drawn inside one is marked as its content on whichever page it lands; what is drawn inside
 * `artifact` (rules, fills, page footers) is marked as not being content.
 */
export class Structure {
  private readonly stack: Array<{ tag: Tag; element: PDFKit.PDFStructureElement }> = [];
  private open: { element: PDFKit.PDFStructureElement; page: PDFKit.PDFPage } | undefined;
  private artifacts = 0;
  private readonly root: PDFKit.PDFStructureElement;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  element<T>(tag: Tag, draw: () => T, options: ElementOptions = {}): T {
    if (this.artifacts > 0) return draw();
    this.close();
    // PDFKit reads bbox and scope too; its typings list fewer options
    const element = this.doc.struct(tag, options as PDFKit.Mixins.StructureElementOptions);
    (this.stack.at(-1)?.element ?? this.root).add(element);
    this.stack.push({ tag, element });
    try {
      return draw();
    } finally {
      this.close();
      this.stack.pop();
      element.end();
    }
  }

  /** Marks what is drawn next as content of the innermost element, on the current page. */
  mark(): void {
    if (this.artifacts > 0) return;
    const top = this.stack.at(-1);
    if (!top) throw new Error('pdf: content drawn outside a structure element');
    if (this.open?.element === top.element && this.open.page === this.doc.page) return;
    this.close();
    top.element.add(this.doc.markStructureContent(top.tag));
    this.open = { element: top.element, page: this.doc.page };
  }

  /** Ends the open marked content; called before anything else is marked and before a page changes. */
  close(): void {
    if (!this.open) return;
    if (this.open.page !== this.doc.page) throw new Error('pdf: marked content left open on another page');
    this.doc.endMarkedContent();
    this.open = undefined;
  }

  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): void {
    if (this.artifacts > 0) return draw();
    this.close();
    this.doc.markContent('Artifact', type ? { type } : undefined);
    this.artifacts += 1;
    try {
      draw();
    } finally {
      this.artifacts -= 1;
      this.doc.endMarkedContent();
    }
  }

  /** What `draw` shows is read as `actual` (a right-to-left run in its logical order, a character drawn as a box). */
  actualText(actual: string, draw: () => void): void {
    if (this.artifacts > 0) return draw();
    this.mark();
    this.doc.markContent('Span', { actual });
    try {
      draw();
    } finally {
      this.doc.endMarkedContent();
    }
  }

  end(): void {
    this.close();
    this.root.end();
  }
}
