// Prints, as JSON, what pdf.js reads from a PDF: each page's text items
// (getTextContent) and structure tree (getStructTree), and the document's
// mark info and language. Usage: node read.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
const out = { pages: [], markInfo: await doc.getMarkInfo() };
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tc = await page.getTextContent({ includeMarkedContent: true });
  const items = tc.items.map((it) =>
    it.type ? { type: it.type, id: it.id ?? "" } : { str: it.str, dir: it.dir, eol: it.hasEOL, x: it.transform[4], y: it.transform[5], w: it.width });
  out.pages.push({ items, struct: await page.getStructTree() });
}
process.stdout.write(JSON.stringify(out));
