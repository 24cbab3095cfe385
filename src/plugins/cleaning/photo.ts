/**
 * The optional photo of a check-in's issue note: sniffed by its bytes (never the name or the
 * browser's claim), kept in the R2 bucket PHOTOS (shared with repairs) under cleaning/.
 */
import { UPLOAD_LIMIT_BYTES } from '../../core/auth/middleware.js';
import { sniffImage } from '../../core/photos.js';
import type { Text } from '../../core/table/types.js';

/** Multipart bodies are capped by the auth layer (1 MB); leave room for the rest of the form. */
export const PHOTO_MAX_BYTES = UPLOAD_LIMIT_BYTES - 64 * 1024;

export type PhotoCheck = { photo: { bytes: Uint8Array; type: string; ext: string } | null; error: Text | null };

/** An image file from the form, or a reason to refuse it; no file → no photo. */
export async function checkPhoto(file: unknown): Promise<PhotoCheck> {
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { photo: null, error: null };
  if (file.size > PHOTO_MAX_BYTES) {
    return { photo: null, error: { zh: `照片太大（${Math.ceil(file.size / 1024)} KB），不能超过 ${Math.floor(PHOTO_MAX_BYTES / 1024)} KB；可截图后再传。打卡未保存，请重试。`, en: `The photo is too large (${Math.ceil(file.size / 1024)} KB; at most ${Math.floor(PHOTO_MAX_BYTES / 1024)} KB). Take a screenshot instead. Nothing was saved; try again.` } };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = sniffImage(bytes);
  if (!kind) return { photo: null, error: { zh: '所选文件不是照片（只接受 JPG、PNG、GIF、WebP）。打卡未保存，请重试。', en: 'That file is not a photo (JPG, PNG, GIF or WebP only). Nothing was saved; try again.' } };
  return { photo: { bytes, type: kind.type, ext: kind.ext }, error: null };
}

/** The bucket key of a check-in's photo. */
export const photoKey = (checkinId: string, ext: string) => `cleaning/${checkinId}.${ext}`;
