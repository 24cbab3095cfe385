import { defineTab, enumValues } from './types.js';

/** The six things the daily patrol looks at (每日巡视制度). */
export const patrolAreas = enumValues(
  ['environment', '环境', 'Environment'],
  ['greening', '绿化', 'Greening'],
  ['hygiene', '卫生', 'Hygiene', '保洁'],
  ['safety', '安全', 'Safety'],
  ['buildings', '校舍', 'Buildings', '房屋', '建筑'],
  ['equipment', '设施设备', 'Equipment', '设备', '设备使用'],
);

export const hazardStatuses = enumValues(
  ['open', '待整改', 'Open', '未整改', '整改中'],
  ['rectified', '已整改', 'Rectified', '待验收'],
  ['closed', '已销号', 'Closed', '已验收', '关闭'],
);

/** 巡视项目: the checklist, per area; staff add, reword or switch off items here. */
export const patrolItems = defineTab({
  key: 'patrolItems',
  zh: '巡视项目',
  en: 'Patrol checklist',
  idColumn: 'id',
  idPrefix: 'PI',
  help: {
    zh: '每日巡视的检查项目，按类别。停用一行即不再出现在巡视单上。',
    en: 'Daily patrol checklist items per area. Set 启用 to FALSE to drop an item.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    { key: 'area', zh: '类别', en: 'Area', type: 'enum', allowed: patrolAreas, required: true, width: 80 },
    { key: 'item', zh: '检查项目', en: 'Item', aliases: ['项目', '内容'], type: 'text', required: true, maxLength: 100, width: 260 },
    { key: 'active', zh: '启用', en: 'Active', type: 'boolean', width: 60 },
  ],
});

/** 巡视记录: one row per patrol of one area (append-only). */
export const patrols = defineTab({
  key: 'patrols',
  zh: '巡视记录',
  en: 'Patrol records',
  idColumn: 'id',
  idPrefix: 'PT',
  appendOnly: true,
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'time', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 140 },
    { key: 'person', zh: '巡视人', en: 'Patrolled by', type: 'text', maxLength: 40, width: 80 },
    { key: 'area', zh: '类别', en: 'Area', type: 'enum', allowed: patrolAreas, required: true, width: 80 },
    { key: 'checked', zh: '检查项数', en: 'Items checked', type: 'number', width: 70 },
    { key: 'findings', zh: '发现问题数', en: 'Findings', type: 'number', width: 70 },
    { key: 'notes', zh: '记录', en: 'Notes', type: 'longtext', maxLength: 2000, width: 260 },
  ],
});

/** 隐患: the hazard register (隐患排查台帐): found → rectified → verified closed (销号). */
export const hazards = defineTab({
  key: 'hazards',
  zh: '隐患',
  en: 'Hazards',
  aliases: ['隐患排查台帐', '隐患台帐'],
  idColumn: 'id',
  idPrefix: 'H',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'foundAt', zh: '发现时间', en: 'Found at', type: 'datetime', required: true, width: 140 },
    { key: 'foundBy', zh: '发现人', en: 'Found by', type: 'text', maxLength: 40, width: 80 },
    { key: 'area', zh: '类别', en: 'Area', type: 'enum', allowed: patrolAreas, required: true, width: 80 },
    { key: 'room', zh: '地点', en: 'Location', aliases: ['场所', '位置'], type: 'text', required: true, maxLength: 60, width: 130 },
    {
      key: 'description',
      zh: '隐患描述',
      en: 'Description',
      aliases: ['描述'],
      type: 'longtext',
      required: true,
      maxLength: 500,
      width: 240,
    },
    { key: 'owner', zh: '整改责任人', en: 'Owner', aliases: ['责任人'], type: 'text', required: true, maxLength: 40, width: 90 },
    { key: 'deadline', zh: '整改期限', en: 'Deadline', aliases: ['期限'], type: 'date', required: true, width: 100 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', allowed: hazardStatuses, required: true, width: 80 },
    { key: 'rectification', zh: '整改情况', en: 'Rectification', type: 'longtext', maxLength: 1000, width: 220 },
    { key: 'rectifiedAt', zh: '整改时间', en: 'Rectified at', type: 'datetime', width: 140 },
    { key: 'verifiedAt', zh: '销号时间', en: 'Closed at', aliases: ['验收时间'], type: 'datetime', width: 140 },
    { key: 'verifiedBy', zh: '验收人', en: 'Verified by', type: 'text', maxLength: 40, width: 80 },
    { key: 'patrolId', zh: '巡视编号', en: 'Patrol ID', type: 'text', maxLength: 40, width: 170 },
    { key: 'source', zh: '来源', en: 'Source', type: 'text', maxLength: 60, width: 100 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated', type: 'datetime', width: 140 },
    { key: 'updatedBy', zh: '更新人', en: 'Updated by', type: 'text', maxLength: 40, width: 80 },
  ],
});
