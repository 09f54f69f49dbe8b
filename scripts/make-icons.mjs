// Draws the app and tray icons into build/ with no dependencies: shapes are
// tested per pixel with 4×4 supersampling for smooth edges, and the PNG is
// written by hand (zlib for IDAT, a CRC-32 table for chunk checksums).
// Re-run with `node scripts/make-icons.mjs` after changing a shape; the PNGs
// are committed so packaging never depends on this script.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (size*size*4 bytes) → PNG bytes. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes in a unit square (0..1, y down) ----
const disk = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
function segment(x1, y1, x2, y2, w) {
  return (x, y) => {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2;
  };
}
const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
function roundedSquare(inset, radius) {
  return (x, y) => {
    const lo = inset + radius;
    const hi = 1 - inset - radius;
    const qx = Math.max(lo - x, 0, x - hi);
    const qy = Math.max(lo - y, 0, y - hi);
    return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && qx * qx + qy * qy <= radius * radius;
  };
}

const check = segmentsOf([[0.3, 0.52, 0.44, 0.66], [0.44, 0.66, 0.72, 0.36]], 0.12);
const bang = union(segment(0.5, 0.27, 0.5, 0.56, 0.13), disk(0.5, 0.73, 0.075));
const cross = segmentsOf([[0.33, 0.33, 0.67, 0.67], [0.67, 0.33, 0.33, 0.67]], 0.13);
function segmentsOf(list, w) {
  return union(...list.map(([a, b, c, d]) => segment(a, b, c, d, w)));
}

/** Paints layers (shape + [r,g,b,a]) in order, supersampled. */
function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let sample = [0, 0, 0, 0];
          for (const [shape, colour] of layers) if (shape(x, y)) sample = colour;
          // premultiplied accumulation keeps edges from darkening
          r += sample[0] * sample[3];
          g += sample[1] * sample[3];
          b += sample[2] * sample[3];
          a += sample[3];
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a / (n * n));
    }
  }
  return out;
}

const WHITE = [255, 255, 255, 255];
const BLACK = [0, 0, 0, 255];
const STATES = {
  ok: { colour: [46, 160, 67, 255], mark: check },
  failures: { colour: [219, 135, 0, 255], mark: bang },
  error: { colour: [207, 34, 46, 255], mark: cross },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const trayDir = join(root, 'build', 'tray');
const iconDir = join(root, 'build', 'icons');
mkdirSync(trayDir, { recursive: true });
mkdirSync(iconDir, { recursive: true });

function write(path, size, layers) {
  writeFileSync(path, encodePng(size, render(size, layers)));
}

const face = disk(0.5, 0.5, 0.46);
for (const [state, { colour, mark }] of Object.entries(STATES)) {
  const templateName = `tray${state[0].toUpperCase()}${state.slice(1)}Template`;
  for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
    // Colour icons for Windows and Linux trays.
    write(join(trayDir, `tray-${state}${suffix}.png`), size, [[face, colour], [mark, WHITE]]);
    // macOS template images: black + alpha only, the system tints them. The
    // state is in the shape: a ring when fine, a solid disk when not.
    const body = state === 'ok' ? union(ring(0.5, 0.5, 0.46, 0.1), mark) : minus(face, mark);
    write(join(trayDir, `${templateName}${suffix}.png`), size, [[body, BLACK]]);
  }
}

// App icon: a rounded tile, a download arrow and a green "recovered" badge.
const tile = roundedSquare(0.06, 0.18);
const arrow = union(segment(0.42, 0.2, 0.42, 0.6, 0.12), segment(0.24, 0.46, 0.42, 0.64, 0.12), segment(0.6, 0.46, 0.42, 0.64, 0.12));
const tray = segment(0.2, 0.78, 0.64, 0.78, 0.08);
const badge = disk(0.72, 0.72, 0.2);
const badgeCheck = segmentsOf([[0.63, 0.72, 0.7, 0.79], [0.7, 0.79, 0.82, 0.65]], 0.06);
const appLayers = [
  [tile, [29, 53, 87, 255]],
  [arrow, WHITE],
  [tray, WHITE],
  [disk(0.72, 0.72, 0.235), [29, 53, 87, 255]],
  [badge, STATES.ok.colour],
  [badgeCheck, WHITE],
];
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(join(iconDir, `${size}x${size}.png`), size, appLayers);
write(join(iconDir, 'icon.png'), 512, appLayers);
console.log(`icons written to ${trayDir} and ${iconDir}`);
