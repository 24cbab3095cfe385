/** The core's own event: the school-day digest of each person's duties (src/core/notify/daily.ts). */
import type { NotifyEventDef } from './types.js';

export const DIGEST_EVENT = 'digest';

export const coreEvents: readonly NotifyEventDef[] = [
  {
    key: DIGEST_EVENT,
    label: { zh: '每日待办', en: 'Daily digest' },
    to: { zh: '有当日任务的每个人', en: 'Everyone with duties that day' },
    title: { zh: '今日待办（{count} 项）', en: 'Your duties today ({count})' },
    body: { zh: '{list}', en: '{list}' },
  },
];
