#!/usr/bin/env node
// Draws build/icon.png (512×512), the icon electron-builder turns into the Windows .ico and the
// Linux desktop icons: a red rounded square with a white service window — a clerk behind a
// window frame over a counter ledge — and a small gold star. Drawn from code so anyone can
// change it without an image editor, and written as a PNG by hand so no image library is needed.
//
//   node scripts/make-icon.mjs [output.png]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const SUBSAMPLES = 4; // per axis: 16 samples a pixel, for smooth edges

const RED = [200, 22, 30];
const WHITE = [255, 255, 255];
const GOLD = [255, 204, 64];

function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inCircle(x, y, cx, cy, r) {
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inEllipse(x, y, cx, cy, rx, ry) {
  return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}

function starPolygon(cx, cy, outer, inner) {
  const points = [];
  for (let i = 0; i < 10; i += 1) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? outer : inner;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  return points;
}

function inPolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const STAR = starPolygon(256, 70, 30, 12);

/** Colour at one sample point, or null for transparent. */
function sample(x, y) {
  if (!inRoundRect(x, y, 16, 16, 496, 496, 104)) return null;
  if (inPolygon(x, y, STAR)) return GOLD;

  // Window frame: an outline, so the clerk shows through it.
  const inFrame =
    inRoundRect(x, y, 128, 116, 384, 340, 22) && !inRoundRect(x, y, 154, 142, 358, 340, 10);
  // The clerk: head and shoulders, cut off by the ledge.
  const inClerk = inCircle(x, y, 256, 204, 40) || (inEllipse(x, y, 256, 326, 80, 66) && y < 340);
  // Counter ledge, wider than the window, and its front panel.
  const inCounter = inRoundRect(x, y, 92, 352, 420, 388, 14) || inRoundRect(x, y, 140, 388, 372, 424, 8);
  return inFrame || inClerk || inCounter ? WHITE : RED;
}

export function drawIcon() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const step = 1 / SUBSAMPLES;
  for (let py = 0; py < SIZE; py += 1) {
    for (let px = 0; px < SIZE; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
        for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
          const colour = sample(px + (sx + 0.5) * step, py + (sy + 0.5) * step);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = (py * SIZE + px) * 4;
      if (a > 0) {
        // Average over the covered samples only, so edges fade in alpha, not towards black.
        rgba[offset] = Math.round(r / a);
        rgba[offset + 1] = Math.round(g / a);
        rgba[offset + 2] = Math.round(b / a);
        rgba[offset + 3] = Math.round((a * 255) / (SUBSAMPLES * SUBSAMPLES));
      }
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGBA, non-interlaced PNG; every scanline uses filter 0 (none). */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0;
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = path.resolve(process.argv[2] ?? path.join(here, '..', 'build', 'icon.png'));
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, encodePng(SIZE, SIZE, drawIcon()));
  console.log(`wrote ${path.relative(process.cwd(), output)} (${SIZE}×${SIZE})`);
}
