import { defineTab, enumValues } from './types.js';

/**
 * 登记簿: the registers a school adds itself, one row each, with no code and no deploy. The
 * portal builds the register from the named tab's header row, dropdowns, number formats and
 * header notes (src/core/registers/sheet.ts).
 */
export const registerCatalog = defineTab({
  key: 'registerCatalog',
  zh: '登记簿',
  en: 'Registers',
  aliases: ['登记簿目录', '台帐目录'],
  idColumn: 'id',
  help: {
    zh: '在这里加一行即可新增一个登记簿：先建好工作表（第一行是表头），再填本行。编号只用字母、数字和短横线，作为网址的一部分。',
    en: 'Add a row to add a register: first make its tab (row 1 holds the headers), then fill in this row. The ID (letters, digits, dashes) becomes part of its web address.',
  },
  columns: [
    {
      key: 'id',
      zh: '编号',
      en: 'ID',
      type: 'id',
      required: true,
      maxLength: 40,
      width: 110,
      help: { zh: '如 first-aid，用在网址 /registers/first-aid', en: 'e.g. first-aid, used in the address /registers/first-aid' },
    },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 140 },
    {
      key: 'tab',
      zh: '工作表',
      en: 'Tab',
      aliases: ['表名', '工作表名称'],
      type: 'text',
      required: true,
      maxLength: 100,
      width: 140,
      help: { zh: '登记内容所在工作表的名称', en: 'Title of the tab that holds the entries' },
    },
    {
      key: 'add',
      zh: '谁可登记',
      en: 'Who may add',
      aliases: ['登记人'],
      type: 'text',
      maxLength: 100,
      width: 160,
      help: {
        zh: '角色，用顿号分开：后勤主任、后勤人员、班主任、教师；或"所有人"。留空 = 后勤主任',
        en: 'Roles separated by commas (head of logistics, logistics staff, class head teacher, teacher) or "everyone". Empty = head of logistics',
      },
    },
    {
      key: 'view',
      zh: '谁可查看',
      en: 'Who may view',
      aliases: ['查看人'],
      type: 'text',
      maxLength: 100,
      width: 160,
      help: {
        zh: '同上，另可写校领导。留空 = 可登记的人和校领导',
        en: 'As above, plus leadership. Empty = whoever may add, and leadership',
      },
    },
    {
      key: 'qrColumn',
      zh: '二维码列',
      en: 'QR column',
      aliases: ['二维码'],
      type: 'text',
      maxLength: 60,
      width: 110,
      help: {
        zh: '按哪一列印二维码：编号列 = 每行一张（扫码检查该行）；其他列（如场所）= 每个值一张（扫码登记，自动填好该值）',
        en: 'Which column QR codes are per: the ID column = one per row (scan to check that row); another column (e.g. a room) = one per value (scan to add an entry with it filled in)',
      },
    },
    {
      key: 'rule',
      zh: '检查规则',
      en: 'Check rule',
      aliases: ['规则'],
      type: 'text',
      maxLength: 60,
      width: 110,
      help: {
        zh: '每行多久检查一次，如 每月一次、每周、每学期2次、每个上课日',
        en: 'How often each row is checked, e.g. monthly, weekly, 2 times per term, every school day',
      },
    },
    {
      key: 'expiryColumn',
      zh: '有效期列',
      en: 'Expiry column',
      aliases: ['到期列'],
      type: 'text',
      maxLength: 60,
      width: 110,
      help: { zh: '到期前 30 天提醒、过期报警的日期列', en: 'A date column: reminded 30 days before, alerted once past' },
    },
    {
      key: 'groupBy',
      zh: '汇总列',
      en: 'Summary column',
      aliases: ['分类列'],
      type: 'text',
      maxLength: 60,
      width: 110,
      help: { zh: '月度汇总按哪一列（下拉选项）分类计数', en: 'Which dropdown column the monthly summary counts by' },
    },
    { key: 'enabled', zh: '启用', en: 'Enabled', type: 'boolean', required: true, width: 60 },
    { key: 'notes', zh: '说明', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 200 },
  ],
});

export const checkResults = enumValues(['ok', '正常', 'OK', '合格', '完好'], ['problem', '有问题', 'Problem', '异常', '不合格']);

/** 登记簿检查记录: recurring checks of any register's rows (an extinguisher's monthly check, an on-duty check-in). */
export const registerChecks = defineTab({
  key: 'registerChecks',
  zh: '登记簿检查记录',
  en: 'Register checks',
  aliases: ['检查记录'],
  idColumn: 'id',
  idPrefix: 'RC',
  appendOnly: true,
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'register', zh: '登记簿', en: 'Register', type: 'text', required: true, maxLength: 40, width: 100 },
    { key: 'item', zh: '对象编号', en: 'Item ID', type: 'text', required: true, maxLength: 60, width: 120 },
    { key: 'itemName', zh: '对象', en: 'Item', type: 'text', maxLength: 100, width: 140 },
    { key: 'time', zh: '检查时间', en: 'Checked at', type: 'datetime', required: true, width: 140 },
    { key: 'person', zh: '检查人', en: 'Checked by', type: 'text', maxLength: 40, width: 90 },
    { key: 'result', zh: '结果', en: 'Result', type: 'enum', allowed: checkResults, required: true, width: 80 },
    { key: 'notes', zh: '说明', en: 'Notes', type: 'longtext', maxLength: 500, width: 200 },
    { key: 'photo', zh: '照片', en: 'Photo', type: 'text', maxLength: 200, width: 120 },
  ],
});
