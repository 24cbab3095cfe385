/**
 * The QR encoder (src/core/qr): every version 1–10 decodes with an independent reader
 * (jsQR), the structure matches the standard (sizes, capacities, format bits), and the
 * SVG is well-formed and escapes its title.
 */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { alignmentPositions, byteCapacity, encodeQr, formatBits, qrDataUri, qrSvg, totalCodewords, type QrCode } from '../../src/core/qr/index.js';

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
  it('has the standard codeword totals and level-M byte capacities', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(totalCodewords)).toEqual([26, 44, 70, 100, 134, 172, 196, 242, 292, 346]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(byteCapacity)).toEqual([14, 26, 42, 62, 84, 106, 122, 152, 180, 213]);
  });

  it('places alignment patterns where the standard table says', () => {
    expect(alignmentPositions(1)).toEqual([]);
    expect(alignmentPositions(2)).toEqual([6, 18]);
    expect(alignmentPositions(7)).toEqual([6, 22, 38]);
    expect(alignmentPositions(10)).toEqual([6, 28, 50]);
  });

  it('computes the format bits of level M from the standard table', () => {
    // ISO/IEC 18004 Table C.1, level M, masks 0–7.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(formatBits)).toEqual([0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0]);
  });

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
