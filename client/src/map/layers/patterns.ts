/** Fill patterns drawn by the map itself (no sprite is fetched): made on first use. */
import { HATCH_BACKGROUND, HATCH_LINE, NO_DATA_BACKGROUND, NO_DATA_LINE } from '../../../../shared/classes.ts';

export const HATCH_IMAGE = 'hatch';
export const NO_DATA_IMAGE = 'no-data';

const rgba = (hex: string) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];

/** 16 × 16 at pixel ratio 2. Suppressed: one diagonal. No data: a sparse cross-hatch, so that it
 *  reads differently from "<k" in colour, density and direction. */
export function patternImage(id: string): { width: number; height: number; data: Uint8Array } | null {
  const size = 16;
  const data = new Uint8Array(size * size * 4);
  const crossed = id === NO_DATA_IMAGE;
  if (!crossed && id !== HATCH_IMAGE) return null;
  const bg = rgba(crossed ? NO_DATA_BACKGROUND : HATCH_BACKGROUND);
  const fg = rgba(crossed ? NO_DATA_LINE : HATCH_LINE);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const onLine = crossed ? (x + y) % 16 < 2 || (x - y + 16) % 16 < 2 : (x + y) % 8 < 2;
      data.set(onLine ? fg : bg, (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}
