/**
 * QR codes for sign-in sheets, asset labels and zone posters, rendered as SVG on the server.
 * The encoding (ISO/IEC 18004, byte mode, level M) is the `uqr` library's; this file only
 * draws it (one path, escaped title) for the CSP's `img-src 'self' data:`.
 *
 * @example
 * const svg = qrSvg('https://houqin.example/auth/link/…', { title: '登录二维码' })
 * // in a template, without triple-stash: <img src="{{qr}}" alt="…"> with qr = qrDataUri(url)
 */
import { encode } from 'uqr';

export interface QrCode {
  version: number;
  /** Modules per side (17 + 4 × version). */
  size: number;
  /** The mask pattern chosen (0–7). */
  mask: number;
  /** modules[y][x]: true = dark. */
  modules: boolean[][];
}

export interface QrOptions {
  /** Smallest version to use (default 1). */
  minVersion?: number;
  /** Force a mask pattern (0–7) instead of choosing the lowest penalty (tests). */
  mask?: number;
}

/** Largest version used: 213 bytes at level M, more than a sign-in link or a poster URL needs. */
export const QR_MAX_VERSION = 10;

/** Encode `text` (UTF-8, level M); throws when it does not fit in version 10. */
export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  let code: ReturnType<typeof encode>;
  try {
    code = encode(text, { ecc: 'M', border: 0, minVersion: options.minVersion ?? 1, maxVersion: QR_MAX_VERSION, maskPattern: options.mask ?? -1 });
  } catch {
    throw new Error(`QR: ${new TextEncoder().encode(text).length} bytes do not fit in version ${QR_MAX_VERSION}`);
  }
  return { version: code.version, size: code.size, mask: code.maskPattern, modules: code.data };
}

export interface SvgOptions extends QrOptions {
  /** Quiet zone in modules (the standard asks for 4). */
  margin?: number;
  /** Accessible name; escaped. */
  title?: string;
  /** Rendered width/height attribute, e.g. '40mm' (default: viewBox units). */
  width?: string;
}

/** An SVG document of the code: one path of dark squares on white. */
export function qrSvg(textOrCode: string | QrCode, options: SvgOptions = {}): string {
  const code = typeof textOrCode === 'string' ? encodeQr(textOrCode, options) : textOrCode;
  const margin = options.margin ?? 4;
  const dim = code.size + margin * 2;
  let d = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.modules[y]![x]) continue;
      // Merge horizontal runs: fewer path commands, no hairlines between modules.
      let run = 1;
      while (x + run < code.size && code.modules[y]![x + run]) run++;
      d += `M${x + margin} ${y + margin}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  const size = options.width ? ` width="${escapeXml(options.width)}" height="${escapeXml(options.width)}"` : '';
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}"${size} shape-rendering="crispEdges" role="img">` +
    `${title}<rect width="${dim}" height="${dim}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

/** The SVG as a data: URI for `<img src>` (allowed by the CSP's `img-src 'self' data:`). */
export function qrDataUri(textOrCode: string | QrCode, options: SvgOptions = {}): string {
  const svg = qrSvg(textOrCode, options);
  const bytes = new TextEncoder().encode(svg);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// ---- data codewords ----------------------------------------------------------------

function dataBytes(version: number, bytes: Uint8Array): number[] {
  const capacityBits = dataCodewords(version) * 8;
  const bits: number[] = [];
  const push = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4); // byte mode
  push(bytes.length, version <= 9 ? 8 : 16);
  for (const b of bytes) push(b, 8);
  push(0, Math.min(4, capacityBits - bits.length)); // terminator
  while (bits.length % 8 !== 0) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    let v = 0;
    for (let j = 0; j < 8; j++) v = (v << 1) | bits[i + j]!;
    out.push(v);
  }
  for (let pad = 0xec; out.length < capacityBits / 8; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Split into blocks, add Reed–Solomon codewords, interleave. */
function interleave(version: number, data: number[]): number[] {
  const [ecLen, groups] = BLOCKS_M[version - 1]!;
  const blocks: Array<{ data: number[]; ec: number[] }> = [];
  const gen = generator(ecLen);
  let offset = 0;
  for (const [count, len] of groups) {
    for (let i = 0; i < count; i++) {
      const d = data.slice(offset, offset + len);
      offset += len;
      blocks.push({ data: d, ec: remainder(d, gen) });
    }
  }
  const out: number[] = [];
  const maxData = Math.max(...blocks.map((b) => b.data.length));
  for (let i = 0; i < maxData; i++) for (const b of blocks) if (i < b.data.length) out.push(b.data[i]!);
  for (let i = 0; i < ecLen; i++) for (const b of blocks) out.push(b.ec[i]!);
  if (out.length !== totalCodewords(version)) throw new Error(`qr: internal codeword count ${out.length} ≠ ${totalCodewords(version)}`);
  return out;
}

// ---- GF(256) and Reed–Solomon --------------------------------------------------------

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** Coefficients (highest degree first, leading 1 omitted) of ∏(x − αⁱ), i < degree. */
function generator(degree: number): number[] {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ mul(poly[j]!, EXP[i]!);
    }
    poly = next;
  }
  return poly.slice(1);
}

function remainder(data: readonly number[], gen: readonly number[]): number[] {
  const rem = new Array<number>(gen.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem.shift()!;
    rem.push(0);
    for (let i = 0; i < gen.length; i++) rem[i] = rem[i]! ^ mul(gen[i]!, factor);
  }
  return rem;
}

// ---- the matrix -------------------------------------------------------------------

class Matrix {
  readonly dark: Uint8Array;
  readonly fixed: Uint8Array;
  constructor(readonly size: number, dark?: Uint8Array, fixed?: Uint8Array) {
    this.dark = dark ?? new Uint8Array(size * size);
    this.fixed = fixed ?? new Uint8Array(size * size);
  }
  clone(): Matrix {
    return new Matrix(this.size, this.dark.slice(), this.fixed);
  }
  get(x: number, y: number): boolean {
    return this.dark[y * this.size + x] === 1;
  }
  /** A function-pattern module (never masked, never holds data). */
  setFixed(x: number, y: number, dark: boolean): void {
    this.dark[y * this.size + x] = dark ? 1 : 0;
    this.fixed[y * this.size + x] = 1;
  }
  isFixed(x: number, y: number): boolean {
    return this.fixed[y * this.size + x] === 1;
  }
  rows(): boolean[][] {
    return Array.from({ length: this.size }, (_, y) => Array.from({ length: this.size }, (_, x) => this.get(x, y)));
  }
}

export function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const n = Math.floor(version / 7) + 2;
  const size = 17 + 4 * version;
  const step = Math.ceil((version * 4 + 4) / (n * 2 - 2)) * 2;
  const out = [6];
  for (let i = n - 2, pos = size - 7; i >= 0; i--, pos -= step) out.splice(1, 0, pos);
  return out;
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const size = m.size;
  // Timing patterns.
  for (let i = 0; i < size; i++) {
    m.setFixed(6, i, i % 2 === 0);
    m.setFixed(i, 6, i % 2 === 0);
  }
  // Finder patterns with their separators.
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const dist = Math.max(Math.abs(dx), Math.abs(dy));
        m.setFixed(x, y, dist !== 2 && dist !== 4);
      }
    }
  }
  // Alignment patterns (not over the finders).
  const pos = alignmentPositions(version);
  for (let i = 0; i < pos.length; i++) {
    for (let j = 0; j < pos.length; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === pos.length - 1) || (i === pos.length - 1 && j === 0)) continue;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) m.setFixed(pos[i]! + dx, pos[j]! + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    }
  }
  // Reserve the format areas (drawn per mask) and the dark module.
  drawFormat(m, 0);
  // Version information (versions 7+).
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      m.setFixed(a, b, dark);
      m.setFixed(b, a, dark);
    }
  }
}

/** The 15 format bits (level M, mask) with their BCH code, masked with 101010000010010. */
export function formatBits(mask: number): number {
  const data = (ECC_M_BITS << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

function drawFormat(m: Matrix, mask: number): void {
  const size = m.size;
  const bits = formatBits(mask);
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) m.setFixed(8, i, bit(i));
  m.setFixed(8, 7, bit(6));
  m.setFixed(8, 8, bit(7));
  m.setFixed(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.setFixed(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.setFixed(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.setFixed(8, size - 15 + i, bit(i));
  m.setFixed(8, size - 8, true);
}

/** Codeword bits in the two-column zigzag, bottom-right first, skipping function modules. */
function placeData(m: Matrix, codewords: readonly number[]): void {
  const size = m.size;
  const total = codewords.length * 8;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) {
      const y = upward ? size - 1 - vert : vert;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (m.isFixed(x, y)) continue;
        if (i < total) m.dark[y * size + x] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
        i++;
      }
    }
  }
}

function maskBit(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0: return (x + y) % 2 === 0;
    case 1: return y % 2 === 0;
    case 2: return x % 3 === 0;
    case 3: return (x + y) % 3 === 0;
    case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5: return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6: return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    case 7: return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
    default: throw new RangeError(`qr: mask ${mask}`);
  }
}

function applyMask(m: Matrix, mask: number): void {
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; x++) {
      if (!m.isFixed(x, y) && maskBit(mask, x, y)) m.dark[y * m.size + x] = m.get(x, y) ? 0 : 1;
    }
  }
}

/** The standard's four penalty rules (runs, 2×2 blocks, finder look-alikes, balance). */
function penalty(m: Matrix): number {
  const size = m.size;
  let score = 0;
  const line = (get: (i: number) => boolean) => {
    let run = 1;
    let pattern = 0;
    for (let i = 0; i < size; i++) {
      const v = get(i);
      if (i > 0) {
        if (v === get(i - 1)) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      pattern = ((pattern << 1) | (v ? 1 : 0)) & 0x7ff;
      if (i >= 10 && (pattern === 0b10111010000 || pattern === 0b00001011101)) score += 40;
    }
    if (run >= 5) score += run - 2;
  };
  for (let y = 0; y < size; y++) line((x) => m.get(x, y));
  for (let x = 0; x < size; x++) line((y) => m.get(x, y));
  let dark = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = m.get(x, y);
      if (v) dark++;
      if (x < size - 1 && y < size - 1 && v === m.get(x + 1, y) && v === m.get(x, y + 1) && v === m.get(x + 1, y + 1)) score += 3;
    }
  }
  const total = size * size;
  score += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
  return score;
}
