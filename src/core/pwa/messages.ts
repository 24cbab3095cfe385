/**
 * Text of the phone app (PWA): the manifest, the offline outbox and the offline page notice.
 * The Worker uses the `pwa.tap*` refusals; tools/build-pwa.ts writes the rest into the static
 * service worker, outbox script and manifests, so this file is their one catalog.
 */
export const pwaMessages = {
  'pwa.name': { zh: '后勤管理', en: 'Houqin school logistics' },
  'pwa.shortName': { zh: '后勤', en: 'Houqin' },
  'pwa.description': {
    zh: '学校后勤：打卡、报修、盘点，表格即台帐',
    en: 'School logistics: check-ins, repairs and stocktakes, with the spreadsheet as the register',
  },
  'pwa.saved': { zh: '已保存在手机上，联网后自动提交', en: 'Saved on this phone; it will be sent when you are back online' },
  'pwa.savedAt': { zh: '打卡时间 {time}', en: 'Tapped at {time}' },
  'pwa.back': { zh: '返回', en: 'Back' },
  'pwa.pending': {
    zh: '{count} 条记录保存在手机上，联网后自动提交',
    en: '{count} waiting on this phone, to be sent when you are back online',
  },
  'pwa.signIn': { zh: '{count} 条记录保存在手机上，登录后自动提交', en: '{count} waiting on this phone, to be sent once you sign in' },
  'pwa.signInLink': { zh: '去登录', en: 'Sign in' },
  'pwa.sent': { zh: '手机上保存的 {count} 条记录已提交', en: '{count} sent from this phone' },
  'pwa.refused': { zh: '这条记录未被接受（{time}）：{reason}', en: 'Not accepted (tapped {time}): {reason}' },
  'pwa.dismiss': { zh: '知道了', en: 'OK' },
  'pwa.offline': { zh: '离线 · 更新于 {time}', en: 'Offline · updated {time}' },
  'pwa.offlineNoCopy': {
    zh: '离线：这个页面还没有保存在手机上，联网后再打开',
    en: 'Offline: this page is not saved on this phone yet; open it again when you are back online',
  },
  'pwa.tapInvalid': {
    zh: '打卡时间无法识别，没有保存。请重新打卡。',
    en: 'The time of the tap could not be read; nothing was saved. Please check in again.',
  },
  'pwa.tapTooOld': {
    zh: '这条记录是 {date} 在手机上保存的，已超过 {days} 天，不再接受。请重新登记。',
    en: 'This was saved on the phone on {date}, more than {days} days ago, and is no longer accepted. Please record it again.',
  },
  'pwa.tapAhead': {
    zh: '手机的时间比学校时间快了 {minutes} 分钟，没有保存。请校正手机时间后重试。',
    en: 'The phone’s clock is {minutes} minutes ahead of the school’s; nothing was saved. Set the phone’s clock right and try again.',
  },
} as const;
