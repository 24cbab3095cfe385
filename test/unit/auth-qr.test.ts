/**
 * QR codes (src/core/qr, encoded by the uqr library): every version 1–10 and every mask
 * decodes with an independent reader (jsQR), and the SVG is well-formed and escapes its title.
 */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { encodeQr, qrDataUri, qrSvg, type QrCode } from '../../src/core/qr/index.js';

/** Level-M byte capacities of versions 1–10 (ISO/IEC 18004 Table 7). */
const byteCapacity = (version: number) => [14, 26, 42, 62, 84, 106, 122, 152, 180, 213][version - 1]!;

/** Rasterise a code (4-module quiet zone, `scale` pixels per module) and read it with jsQR. */
function decode(code: QrCode, scale = 4): string | null {
  const margin = 4;
  const dim = (code.size + margin * 2) * scale;
  const pixels = new Uint8ClampedArray(dim * dim * 4).fill(255);
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.modules[y]![x]) continue;
      for (let py = 0; py < scale; py++) {
        for (let px = 0; px < scale; px++) {
          const i = (((y + margin) * scale + py) * dim + (x + margin) * scale + px) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
      }
    }
  }
  return jsQR(pixels, dim, dim, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('QR structure', () => {
  it('draws the three finder patterns, the timing lines and the dark module', () => {
    const code = encodeQr('HELLO');
    expect(code.version).toBe(1);
    expect(code.size).toBe(21);
    const row = (y: number) => code.modules[y]!.map((d) => (d ? 1 : 0)).join('');
    expect(row(0).slice(0, 7)).toBe('1111111');
    expect(row(0).slice(14)).toBe('1111111');
    expect(row(2).slice(0, 7)).toBe('1011101');
    expect(row(7).slice(0, 8)).toBe('00000000'.slice(0, 7) + row(7)[7]);
    expect(row(6).slice(8, 13)).toBe('10101');
    expect(code.modules[code.size - 8]![8]).toBe(true);
  });

  it('refuses text longer than version 10 holds', () => {
    expect(() => encodeQr('x'.repeat(214))).toThrow(/do not fit/);
  });
});

describe('QR decodes with an independent reader', () => {
  const samples = [
    'HELLO',
    'https://houqin.example/auth/link/q7Xx3v9mKp2LrT8wYb4NcZ1dFg6HjS0u',
    '后勤 登录码 K7PM-Q2XR',
    'https://yucai.example.org/cleaning/zones/A-3ZL/checkin?from=poster&lang=zh-CN',
  ];
  for (const text of samples) {
    it(`round-trips ${JSON.stringify(text.slice(0, 40))}`, () => {
      expect(decode(encodeQr(text))).toBe(text);
    });
  }

  for (let version = 1; version <= 10; version++) {
    it(`version ${version}, every mask`, () => {
      const text = ('https://h.example/' + 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(8)).slice(0, byteCapacity(version));
      for (let mask = 0; mask < 8; mask++) {
        const code = encodeQr(text, { mask });
        expect(code.version).toBe(version);
        expect(decode(code)).toBe(text);
      }
    });
  }
});

describe('QR SVG', () => {
  it('is one path on white with an escaped title', () => {
    const svg = qrSvg('https://h.example/x', { title: '<script>alert(1)</script>&', width: '40mm' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('width="40mm"');
  });

  it('gives a base64 data: URI for <img src>', () => {
    const uri = qrDataUri('https://h.example/x');
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
    expect(atob(uri.split(',')[1]!)).toContain('<svg');
  });
});
