import { defineTab, enumValues } from './types.js';

/** What broke: the categories of the school's repair slip (报修单). */
export const repairCategories = enumValues(
  ['water', '水', 'Water', '水管', '给排水', '水路'],
  ['electrical', '电', 'Electrical', '电路', '电器', '照明'],
  ['carpentry', '木工', 'Carpentry', '木器'],
  ['doors_windows', '门窗', 'Doors and windows', '门', '窗'],
  ['desks_chairs', '课桌椅', 'Desks and chairs', '桌椅', '桌凳'],
  ['air_conditioning', '空调', 'Air conditioning'],
  ['network', '网络', 'Network', '网络设备', '宽带'],
  ['other', '其他', 'Other'],
);

/** 小修 / 大修: decides the service level (小修不隔夜，大修不隔天). */
export const repairUrgencies = enumValues(['small', '小修', 'Small repair'], ['large', '大修', 'Large repair']);

/**
 * Where a repair request stands. Staff may type any of these (zh or en) in the sheet;
 * the app takes the sheet's value as the truth.
 */
export const repairStatuses = enumValues(
  ['reported', '已报修', 'Reported', '待派工', '报修'],
  ['assigned', '已派工', 'Assigned', '派工'],
  ['in_progress', '维修中', 'In progress', '处理中', '进行中'],
  ['done', '已修好', 'Done', '完成', '已完成', '修好'],
  ['signed_off', '已验收', 'Signed off', '验收', '已签字'],
  ['reopened', '返修', 'Reopened', '重修', '退回'],
  ['escalated', '已上报', 'Escalated', '上报', '无法修复'],
);

/** 报修单: one row per repair request, its current state (the events tab keeps the history). */
export const repairs = defineTab({
  key: 'repairs',
  zh: '报修单',
  en: 'Repair requests',
  aliases: ['报修', '维修登记', '报修登记'],
  idColumn: 'id',
  idPrefix: 'R',
  help: {
    zh: '每次报修一行。状态可在表中直接修改（门户以表中状态为准）；每一步的记录见“维修记录”。',
    en: 'One row per repair request. Status may be changed here (the portal follows the sheet); every step is in "Repair events".',
  },
  columns: [
    { key: 'id', zh: '报修编号', en: 'Request ID', aliases: ['编号', '单号'], type: 'id', required: true, width: 170 },
    { key: 'reportedAt', zh: '报修时间', en: 'Reported at', aliases: ['时间'], type: 'datetime', required: true, width: 140 },
    { key: 'reporter', zh: '报修人', en: 'Reporter', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'reporterId', zh: '报修人编号', en: 'Reporter ID', type: 'text', maxLength: 20, width: 80 },
    {
      key: 'room',
      zh: '地点',
      en: 'Location',
      aliases: ['场所', '报修地点', '位置'],
      type: 'text',
      required: true,
      maxLength: 60,
      width: 130,
    },
    { key: 'asset', zh: '资产编号', en: 'Asset tag', aliases: ['资产'], type: 'text', maxLength: 20, width: 90 },
    {
      key: 'category',
      zh: '类别',
      en: 'Category',
      aliases: ['报修类别', '类型'],
      type: 'enum',
      allowed: repairCategories,
      required: true,
      width: 80,
    },
    {
      key: 'description',
      zh: '问题描述',
      en: 'Description',
      aliases: ['描述', '故障描述', '内容'],
      type: 'longtext',
      required: true,
      maxLength: 500,
      width: 220,
    },
    {
      key: 'urgency',
      zh: '大修/小修',
      en: 'Urgency',
      aliases: ['紧急程度', '维修类型'],
      type: 'enum',
      allowed: repairUrgencies,
      required: true,
      width: 70,
    },
    { key: 'status', zh: '状态', en: 'Status', aliases: ['进度'], type: 'enum', allowed: repairStatuses, required: true, width: 80 },
    { key: 'worker', zh: '维修人', en: 'Worker', aliases: ['维修工', '派工'], type: 'text', maxLength: 40, width: 80 },
    { key: 'workerId', zh: '维修人编号', en: 'Worker ID', type: 'text', maxLength: 20, width: 80 },
    { key: 'doneAt', zh: '完成时间', en: 'Done at', type: 'datetime', width: 140 },
    { key: 'signedAt', zh: '验收时间', en: 'Signed off at', type: 'datetime', width: 140 },
    { key: 'rating', zh: '评分', en: 'Rating', aliases: ['满意度', '验收评分'], type: 'number', width: 60 },
    { key: 'notes', zh: '维修情况', en: 'Repair notes', aliases: ['维修说明', '处理结果'], type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'parts', zh: '材料', en: 'Parts', aliases: ['配件', '用料'], type: 'text', maxLength: 200, width: 140 },
    { key: 'cost', zh: '费用', en: 'Cost', aliases: ['金额', '维修费用'], type: 'money', width: 80 },
    { key: 'holiday', zh: '寒暑假维修', en: 'For the holidays', aliases: ['假期维修'], type: 'boolean', width: 80 },
    { key: 'photos', zh: '照片', en: 'Photos', aliases: ['图片'], type: 'longtext', maxLength: 2000, width: 200 },
    { key: 'source', zh: '来源', en: 'Source', type: 'text', maxLength: 60, width: 100 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated', type: 'datetime', width: 140 },
    { key: 'updatedBy', zh: '更新人', en: 'Updated by', type: 'text', maxLength: 40, width: 80 },
  ],
});

/** 维修记录: every step of every repair, attributed and time-stamped (append-only). */
export const repairEvents = defineTab({
  key: 'repairEvents',
  zh: '维修记录',
  en: 'Repair events',
  idColumn: 'id',
  idPrefix: 'RE',
  appendOnly: true,
  help: { zh: '门户记录的每一步（报修、派工、完成、验收……），请勿修改。', en: 'Every step the portal recorded. Do not edit.' },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'repairId', zh: '报修编号', en: 'Request ID', type: 'text', required: true, width: 170 },
    { key: 'time', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 140 },
    { key: 'person', zh: '操作人', en: 'Person', type: 'text', maxLength: 40, width: 80 },
    { key: 'personId', zh: '操作人编号', en: 'Person ID', type: 'text', maxLength: 20, width: 80 },
    { key: 'action', zh: '操作', en: 'Action', type: 'text', maxLength: 40, width: 90 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', allowed: repairStatuses, width: 80 },
    { key: 'note', zh: '说明', en: 'Note', type: 'longtext', maxLength: 1000, width: 240 },
  ],
});
