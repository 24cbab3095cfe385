/**
 * Repair photos: checked by their bytes (not the name or the browser's claim), stored in the
 * R2 bucket PHOTOS under the request's ID, and linked from the 照片 cell as full URLs (one per
 * line) so staff can open them from the sheet.
 */
import { PHOTO_EXTENSIONS, sniffImage, type Text } from '../../core/kit.js';
import { repairRules } from './model.js';

export interface CheckedPhoto {
  bytes: Uint8Array;
  type: string;
  ext: string;
}

/** The files of a form field, checked: images only, each within the size limit, at most maxPhotos. */
export async function checkPhotos(files: readonly File[]): Promise<{ photos: CheckedPhoto[]; error: Text | null }> {
  const chosen = files.filter((f) => f.size > 0 || f.name);
  if (chosen.length > repairRules.maxPhotos) {
    return { photos: [], error: { zh: `最多上传 ${repairRules.maxPhotos} 张照片`, en: `At most ${repairRules.maxPhotos} photos` } };
  }
  const limitKb = Math.round(repairRules.photoMaxBytes / 1024);
  const photos: CheckedPhoto[] = [];
  for (const file of chosen) {
    if (file.size > repairRules.photoMaxBytes) {
      return {
        photos: [],
        error: {
          zh: `照片「${file.name}」太大（${Math.ceil(file.size / 1024)} KB），每张不能超过 ${limitKb} KB；请压缩或截图后再传。其他内容已保留。`,
          en: `Photo "${file.name}" is too large (${Math.ceil(file.size / 1024)} KB); each may be at most ${limitKb} KB. Please resize it. Everything else you typed is kept.`,
        },
      };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffImage(bytes);
    if (!kind || bytes.length === 0) {
      return {
        photos: [],
        error: {
          zh: `「${file.name}」不是图片（只接受 JPG、PNG、GIF、WebP 照片）。其他内容已保留。`,
          en: `"${file.name}" is not an image (JPG, PNG, GIF or WebP only). Everything else you typed is kept.`,
        },
      };
    }
    photos.push({ bytes, type: kind.type, ext: kind.ext });
  }
  return { photos, error: null };
}

/** Where photo `n` of a request lives in the bucket (and its URL path after /repairs/photos/). */
export const photoKey = (repairId: string, n: number, ext: string) => `${repairId}/${n}.${ext}`;

/** Store the photos; returns their full URLs for the sheet. */
export async function storePhotos(bucket: R2Bucket, repairId: string, photos: readonly CheckedPhoto[], origin: string): Promise<string[]> {
  const urls: string[] = [];
  for (const [i, photo] of photos.entries()) {
    const key = photoKey(repairId, i + 1, photo.ext);
    await bucket.put(key, photo.bytes, { httpMetadata: { contentType: photo.type } });
    urls.push(`${origin}/repairs/photos/${key}`);
  }
  return urls;
}

/** Photo paths from the 照片 cell (full URLs or bare keys, one per line or separated by spaces). */
export function photoPaths(cell: unknown): string[] {
  if (typeof cell !== 'string') return [];
  return cell
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const at = s.indexOf('/repairs/photos/');
      return at >= 0 ? s.slice(at) : `/repairs/photos/${s}`;
    })
    .filter((p) => new RegExp(`^/repairs/photos/[A-Za-z0-9-]+/\\d+\\.(${PHOTO_EXTENSIONS})$`).test(p));
}
