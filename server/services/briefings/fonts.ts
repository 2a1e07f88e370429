// The fonts embedded in briefing PDFs: DejaVu Sans Condensed (regular and bold) from the npm
// package dejavu-fonts-ttf (Bitstream Vera licence + public domain changes: free to embed and
// redistribute). DejaVu covers every character the texts use (≤, ≥, −, →, accented letters),
// unlike the subset web-font packages. Parsed once per process with fontkit (the font engine
// pdfkit uses) and handed to pdfkit as font objects: pdfkit would otherwise parse the files
// again for every document, which costs more than the rest of the briefing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export interface BriefingFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

let cache: BriefingFonts | null = null;

export function briefingFonts(): BriefingFonts {
  if (!cache) {
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const load = (file: string) => fontkit.create(readFileSync(path.join(dir, file))) as fontkit.Font;
    cache = { regular: load('DejaVuSansCondensed.ttf'), bold: load('DejaVuSansCondensed-Bold.ttf') };
  }
  return cache;
}
