// pdfjs-text.mjs — a PDF's text as pdf.js (Firefox's viewer) gives it:
// page.getTextContent()'s items, joined as the viewer's text layer is copied
// (items in order, a newline after an item that ends a line).
//
// Usage: node pdfjs-text.mjs [--items] FILE.pdf
//   prints the text of every page, pages separated by a form feed;
//   --items prints one JSON line per text item instead (str, dir, hasEOL,
//   x, y, width) so what a user meets in the text layer can be looked at.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await import(join(pdfjsDir, 'legacy/build/pdf.mjs'));

const args = process.argv.slice(2);
const showItems = args[0] === '--items';
const file = showItems ? args[1] : args[0];
if (!file) {
  console.error('usage: node pdfjs-text.mjs [--items] FILE.pdf');
  process.exit(2);
}

const doc = await pdfjs.getDocument({
  data: new Uint8Array(readFileSync(file)),
  standardFontDataUrl: join(pdfjsDir, 'standard_fonts/'),
  verbosity: 0,
}).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  if (showItems) {
    for (const item of content.items) {
      if (!('str' in item))
        continue;
      console.log(JSON.stringify({ page: n, str: item.str, dir: item.dir, hasEOL: item.hasEOL,
        x: +item.transform[4].toFixed(2), y: +item.transform[5].toFixed(2),
        width: +item.width.toFixed(2) }));
    }
  } else {
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
}
if (!showItems)
  process.stdout.write(pages.join('\f'));
