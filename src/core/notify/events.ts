/** The core's own events: the school-day digest of each person's duties, and writes stuck on their way to the sheet (src/core/notify/daily.ts). */
import type { NotifyEventDef } from './types.js';

export const DIGEST_EVENT = 'digest';
export const SYNC_STUCK_EVENT = 'sync.stuck';

export const coreEvents: readonly NotifyEventDef[] = [
  {
    key: DIGEST_EVENT,
    label: { zh: '每日待办', en: 'Daily digest' },
    to: { zh: '有当日任务的每个人', en: 'Everyone with duties that day' },
    title: { zh: '今日待办（{count} 项）', en: 'Your duties today ({count})' },
    body: { zh: '{list}', en: '{list}' },
  },
  {
    key: SYNC_STUCK_EVENT,
    label: { zh: '表格同步受阻', en: 'Sync stuck' },
    to: { zh: '后勤主任', en: 'The head of logistics' },
    title: { zh: '有 {pending} 项修改未能写入表格', en: '{pending} changes have not reached the spreadsheet' },
    body: {
      zh: '最早的一项已等待 {minutes} 分钟，冲突 {conflicts} 项。请打开“表格同步”查看原因。',
      en: 'The oldest has waited {minutes} minutes; {conflicts} conflicts. Open Sync to see why.',
    },
  },
];
