import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../src/core/photos.js';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0)]);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('sniffImage', () => {
  it('knows JPEG, PNG, GIF and WebP by their first bytes', () => {
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))?.ext).toBe('jpg');
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47))?.ext).toBe('png');
    expect(sniffImage(bytes(...ascii('GIF89a')))?.ext).toBe('gif');
    expect(sniffImage(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP')))?.type).toBe('image/webp');
  });
  it('refuses anything else, whatever the name says: HTML, SVG (scriptable), PDF, empty', () => {
    expect(sniffImage(new TextEncoder().encode('<script>alert(1)</script>'))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});
