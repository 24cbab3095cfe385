/**
 * What a photo upload really is, judged by its first bytes — never by the file name or the
 * browser's claimed type, which anyone can set. Repairs and cleaning check-ins both use it.
 */
export interface ImageKind {
  type: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  ext: 'jpg' | 'png' | 'gif' | 'webp';
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const signatures: Array<ImageKind & { test: (b: Uint8Array) => boolean }> = [
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: 'image/gif', ext: 'gif', test: (b) => ascii(b, 0, 3) === 'GIF' },
  { type: 'image/webp', ext: 'webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
];

/** File extensions of every kind accepted, as a RegExp alternation: the photo routes serve exactly what uploads accept. */
export const PHOTO_EXTENSIONS = signatures.map((s) => s.ext).join('|');

/** The image kind of these bytes, or null when they are not a JPEG, PNG, GIF or WebP image. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const found = signatures.find((s) => s.test(bytes));
  return found ? { type: found.type, ext: found.ext } : null;
}
