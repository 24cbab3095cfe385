/**
 * Sharing the spreadsheet with the portal's service account (Drive API
 * `permissions.create`, role writer). A separate, clearly reported step: the school's
 * account may lack the Drive scope for a spreadsheet it did not create with this tool,
 * and the local emulator has no Drive API — then the manual step is printed instead.
 */
import type { drive_v3 } from 'googleapis';
import { errorStatus, explainGoogleError, SetupError } from './errors.js';
import { withRetry } from './retry.js';

/** The manual way, printed whenever the API way is not available. */
export function manualShareStep(email: string, url: string): { zh: string; en: string } {
  return {
    zh: `打开 ${url}，点右上角"共享"，添加 ${email}，权限选"编辑者"，取消"通知对方"，点"共享"。`,
    en: `Open ${url}, click "Share" (top right), add ${email} as an Editor, untick "Notify people", click "Share".`,
  };
}

/** Give the service account edit access. Already shared → nothing changes (Drive keeps one permission). */
export async function shareWithServiceAccount(
  drive: drive_v3.Drive | undefined,
  spreadsheetId: string,
  email: string,
  url: string,
): Promise<void> {
  const manual = manualShareStep(email, url);
  if (!drive) {
    throw new SetupError(
      { zh: '无法自动共享（没有可用的 Google Drive API）', en: 'Cannot share automatically (no Google Drive API available)' },
      manual,
    );
  }
  try {
    await withRetry(() =>
      drive.permissions.create({
        fileId: spreadsheetId,
        sendNotificationEmail: false,
        supportsAllDrives: true,
        requestBody: { type: 'user', role: 'writer', emailAddress: email },
      }),
    );
  } catch (err) {
    const status = errorStatus(err);
    const e = explainGoogleError(err, { spreadsheetId });
    // 403/404 here: the drive.file scope covers only files this tool created.
    throw new SetupError(
      { zh: `自动共享给 ${email} 失败：${e.text.zh}`, en: `Sharing with ${email} failed: ${e.text.en}` },
      status === 403 || status === 404
        ? manual
        : { zh: `${e.next.zh} 或者手动共享：${manual.zh}`, en: `${e.next.en} Or share by hand: ${manual.en}` },
    );
  }
}
