import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { UPLOAD_LIMIT_BYTES } from './auth/middleware.js';
import type { Text } from './table/types.js';

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

/** Multipart bodies are capped by the auth layer (1 MB); leave room for the rest of the form. */
export const PHOTO_MAX_BYTES = UPLOAD_LIMIT_BYTES - 64 * 1024;

export type PhotoCheck = { photo: { bytes: Uint8Array; type: string; ext: string } | null; error: Text | null };

/** One image file from a form (a check-in's, a register row's), or a reason to refuse it; no file → no photo. */
export async function checkPhoto(file: unknown): Promise<PhotoCheck> {
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { photo: null, error: null };
  if (file.size > PHOTO_MAX_BYTES) {
    return {
      photo: null,
      error: {
        zh: `照片太大（${Math.ceil(file.size / 1024)} KB），不能超过 ${Math.floor(PHOTO_MAX_BYTES / 1024)} KB；可截图后再传。未保存，请重试。`,
        en: `The photo is too large (${Math.ceil(file.size / 1024)} KB; at most ${Math.floor(PHOTO_MAX_BYTES / 1024)} KB). Take a screenshot instead. Nothing was saved; try again.`,
      },
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = sniffImage(bytes);
  if (!kind)
    return {
      photo: null,
      error: {
        zh: '所选文件不是照片（只接受 JPG、PNG、GIF、WebP）。未保存，请重试。',
        en: 'That file is not a photo (JPG, PNG, GIF or WebP only). Nothing was saved; try again.',
      },
    };
  return { photo: { bytes, type: kind.type, ext: kind.ext }, error: null };
}

/**
 * A stored photo as the answer to a request (routes behind a sign-in check only): its bytes
 * with their type, cached privately for a day and never sniffed as anything else; not found
 * when there is no key, no bucket or no such object.
 * @example return photoResponse(c, valid ? `cleaning/${file}` : null)
 */
export async function photoResponse(c: Context<AppEnv>, key: string | null): Promise<Response> {
  const object = key && c.env.PHOTOS ? await c.env.PHOTOS.get(key) : null;
  if (!object) return c.notFound();
  return new Response(object.body, {
    headers: {
      'Content-Type': object.httpMetadata?.contentType ?? 'application/octet-stream',
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
