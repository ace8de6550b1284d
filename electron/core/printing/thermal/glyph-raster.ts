import type { Bitmap } from './glyph-source';

/** One drawing command of an outline, in dots, y downwards (opentype.js `Path.commands`). */
export type OutlineCommand =
  | { type: 'M' | 'L'; x: number; y: number }
  | { type: 'Q'; x1: number; y1: number; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Sub-samples per dot along each axis: 4×4 = 16 coverage levels. */
const SUPERSAMPLE = 4;
/** Line segments per curve: at 24 dots a curve spans a few dots, 8 pieces are below a sub-sample. */
const CURVE_STEPS = 8;
/**
 * Share of a dot that must be inside the outline for it to print. Below one half so the thin
 * horizontal strokes of a Ming (宋体) face, about 1.2 dots thick at 24 dots, do not vanish.
 */
const COVERAGE_THRESHOLD = 0.25;

function flatten(commands: readonly OutlineCommand[]): Edge[] {
  const edges: Edge[] = [];
  let startX = 0;
  let startY = 0;
  let x = 0;
  let y = 0;
  const lineTo = (nx: number, ny: number): void => {
    if (ny !== y) edges.push({ x0: x, y0: y, x1: nx, y1: ny });
    x = nx;
    y = ny;
  };
  for (const command of commands) {
    switch (command.type) {
      case 'M':
        lineTo(startX, startY);
        startX = x = command.x;
        startY = y = command.y;
        break;
      case 'L':
        lineTo(command.x, command.y);
        break;
      case 'Q': {
        const [x0, y0] = [x, y];
        for (let i = 1; i <= CURVE_STEPS; i += 1) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * command.x1 + t * t * command.x, u * u * y0 + 2 * u * t * command.y1 + t * t * command.y);
        }
        break;
      }
      case 'C': {
        const [x0, y0] = [x, y];
        for (let i = 1; i <= CURVE_STEPS; i += 1) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(
            u * u * u * x0 + 3 * u * u * t * command.x1 + 3 * u * t * t * command.x2 + t * t * t * command.x,
            u * u * u * y0 + 3 * u * u * t * command.y1 + 3 * u * t * t * command.y2 + t * t * t * command.y,
          );
        }
        break;
      }
      case 'Z':
        lineTo(startX, startY);
        break;
    }
  }
  lineTo(startX, startY);
  return edges;
}

/**
 * An outline filled into a `size × size` 1-bit bitmap: nonzero winding rule, each dot sampled
 * 4×4 times, black when at least `COVERAGE_THRESHOLD` of it is inside.
 *
 * Written by hand because opentype.js only draws onto a Canvas 2D context, and the core process
 * (a Node utility process) has no canvas; a native canvas package would be the app's only
 * native graphics dependency for 24×24 pictures. The scanline filler is the textbook one:
 * edges flattened to segments, crossings per sub-scanline sorted by x, spans where the winding
 * number is not zero.
 */
export function rasteriseOutline(commands: readonly OutlineCommand[], size: number): Bitmap {
  const edges = flatten(commands);
  const samples = size * SUPERSAMPLE;
  const coverage = new Uint16Array(size * size);
  const crossings: Array<{ x: number; winding: number }> = [];
  for (let sy = 0; sy < samples; sy += 1) {
    const y = (sy + 0.5) / SUPERSAMPLE;
    crossings.length = 0;
    for (const edge of edges) {
      const down = edge.y1 > edge.y0;
      const top = down ? edge.y0 : edge.y1;
      const bottom = down ? edge.y1 : edge.y0;
      if (y < top || y >= bottom) continue;
      const x = edge.x0 + ((y - edge.y0) / (edge.y1 - edge.y0)) * (edge.x1 - edge.x0);
      crossings.push({ x, winding: down ? 1 : -1 });
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    const row = Math.floor(sy / SUPERSAMPLE) * size;
    for (let i = 0; i < crossings.length - 1; i += 1) {
      const crossing = crossings[i] as { x: number; winding: number };
      winding += crossing.winding;
      if (winding === 0) continue;
      const next = (crossings[i + 1] as { x: number }).x;
      // Sub-sample columns whose centre lies inside [x, next).
      const from = Math.max(0, Math.ceil(crossing.x * SUPERSAMPLE - 0.5));
      const to = Math.min(samples - 1, Math.ceil(next * SUPERSAMPLE - 0.5) - 1);
      for (let sx = from; sx <= to; sx += 1) {
        const index = row + Math.floor(sx / SUPERSAMPLE);
        coverage[index] = (coverage[index] ?? 0) + 1;
      }
    }
  }
  const full = SUPERSAMPLE * SUPERSAMPLE;
  const dots = new Uint8Array(size * size);
  for (let i = 0; i < dots.length; i += 1) dots[i] = (coverage[i] ?? 0) / full >= COVERAGE_THRESHOLD ? 1 : 0;
  return { width: size, height: size, dots };
}
