import { defineTab, enumValues } from './types.js';

/**
 * 绿化区域: green belts, hedges, trees, flower beds and lawns, each with a contracted party.
 * The plant-label columns (学名 … 科普说明) feed the public page behind each label's QR code,
 * which science teachers use in lessons (挂牌).
 */
export const greenAreas = defineTab({
  key: 'greenAreas',
  zh: '绿化区域',
  en: 'Green areas',
  aliases: ['绿化'],
  idColumn: 'id',
  idPrefix: 'G',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 140 },
    {
      key: 'type',
      zh: '类型',
      en: 'Type',
      type: 'enum',
      required: true,
      width: 90,
      allowed: enumValues(
        ['belt', '绿化带', 'Green belt'],
        ['hedge', '绿篱', 'Hedge'],
        ['tree', '树木', 'Trees', '乔木'],
        ['bed', '花坛', 'Flower bed'],
        ['lawn', '草坪', 'Lawn'],
      ),
    },
    { key: 'location', zh: '位置', en: 'Location', type: 'text', maxLength: 60, width: 120 },
    { key: 'size', zh: '面积/数量', en: 'Size / count', aliases: ['面积', '数量'], type: 'text', maxLength: 30, width: 90 },
    { key: 'party', zh: '承包方', en: 'Contracted party', aliases: ['责任人', '负责人'], type: 'text', maxLength: 60, width: 110 },
    { key: 'species', zh: '品种', en: 'Species', type: 'text', maxLength: 100, width: 120 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
    {
      key: 'partyKind',
      zh: '承包方类型',
      en: 'Party kind',
      type: 'enum',
      width: 90,
      allowed: enumValues(
        ['class', '班级', 'Class'],
        ['person', '个人', 'Person', '教职工'],
        ['company', '公司', 'Company', '绿化公司', '外包'],
      ),
      help: { zh: '可不填：门户按班级、人员表推断', en: 'Optional: inferred from the classes and people tabs' },
    },
    { key: 'latinName', zh: '学名', en: 'Scientific name', aliases: ['拉丁名'], type: 'text', maxLength: 100, width: 140 },
    { key: 'family', zh: '科属', en: 'Family / genus', type: 'text', maxLength: 60, width: 110 },
    { key: 'careNotes', zh: '养护要点', en: 'Care notes', type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'scienceNotes', zh: '科普说明', en: 'Science notes', aliases: ['科普'], type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'labelled', zh: '已挂牌', en: 'Labelled', aliases: ['挂牌'], type: 'boolean', width: 70 },
  ],
});

/** Kinds of care work. */
export const careTaskTypes = enumValues(
  ['trim', '修剪', 'Trimming', '剪绿篱'],
  ['prune', '修枝', 'Pruning', '整枝', '整形修剪'],
  ['water', '浇水', 'Watering', '灌溉', '春灌', '冬灌'],
  ['fertilise', '施肥', 'Fertilising', 'Fertilizing'],
  ['pest', '病虫害防治', 'Pest control', '喷药', '治虫', '打药'],
  ['weed', '除草', 'Weeding', '拔草'],
  ['replant', '补植', 'Replanting', '补种'],
  ['litter', '清理垃圾', 'Litter picking', '捡垃圾'],
);

/** 养护计划: one row per recurring job, its rule typed in the school's own words. */
export const carePlans = defineTab({
  key: 'carePlans',
  zh: '养护计划',
  en: 'Care plans',
  aliases: ['绿化养护计划'],
  idColumn: 'id',
  idPrefix: 'GP',
  help: {
    zh: '规则用学校的说法填写，如：每学期2次、每学期1次、3月–4月春灌；11月–12月冬灌、每个上课日、每3天、每周、上次完成后15天、假期每3天。区域可填多个编号，用顿号分隔。',
    en: 'Write the rule as the school says it: 2 times per term, once per term, March–April; November–December, every school day, every 3 days, weekly, 15 days after the last time, during holidays every 3 days. Several area IDs may be separated by commas.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    {
      key: 'areas',
      zh: '区域编号',
      en: 'Area IDs',
      aliases: ['区域', '绿化区域'],
      type: 'text',
      required: true,
      maxLength: 200,
      width: 120,
    },
    {
      key: 'task',
      zh: '养护项目',
      en: 'Task',
      aliases: ['项目', '工作'],
      type: 'enum',
      required: true,
      allowed: careTaskTypes,
      width: 100,
    },
    { key: 'rule', zh: '规则', en: 'Rule', aliases: ['频次', '周期'], type: 'text', required: true, maxLength: 100, width: 180 },
    {
      key: 'assignee',
      zh: '执行人',
      en: 'Assignee',
      aliases: ['负责人'],
      type: 'text',
      maxLength: 100,
      width: 110,
      help: {
        zh: '不填则为区域承包方；多人用顿号分隔时轮流安排',
        en: "Blank: the area's contracted party; several names separated by commas take turns",
      },
    },
    { key: 'active', zh: '启用', en: 'Active', type: 'boolean', width: 60 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});

export const careTaskStatuses = enumValues(
  ['pending', '待办', 'Pending', '未完成'],
  ['done', '已完成', 'Done', '完成'],
  ['skipped', '已跳过', 'Skipped', '跳过'],
  ['cancelled', '已取消', 'Cancelled', '取消'],
);

/**
 * 养护日程: the generated schedule, one row per task. Staff may change 到期日, 执行人 and 状态
 * or add rows by hand; regenerating keeps every row it finds (计划日期 is what the generator
 * planned, so a moved 到期日 shows as a staff edit and is never overwritten).
 */
export const careTasks = defineTab({
  key: 'careTasks',
  zh: '养护日程',
  en: 'Care schedule',
  aliases: ['绿化日程', '养护任务'],
  idColumn: 'id',
  idPrefix: 'GT',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 150 },
    { key: 'due', zh: '到期日', en: 'Due', aliases: ['日期'], type: 'date', required: true, width: 100 },
    { key: 'area', zh: '区域编号', en: 'Area ID', type: 'text', required: true, maxLength: 20, width: 80 },
    { key: 'areaName', zh: '区域名称', en: 'Area', type: 'text', maxLength: 60, width: 130 },
    { key: 'task', zh: '养护项目', en: 'Task', type: 'enum', required: true, allowed: careTaskTypes, width: 100 },
    { key: 'assignee', zh: '执行人', en: 'Assignee', type: 'text', maxLength: 60, width: 90 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', allowed: careTaskStatuses, width: 80 },
    { key: 'doneAt', zh: '完成时间', en: 'Done at', type: 'datetime', width: 130 },
    { key: 'doneBy', zh: '完成人', en: 'Done by', type: 'text', maxLength: 60, width: 90 },
    { key: 'note', zh: '说明', en: 'Note', type: 'text', maxLength: 200, width: 140 },
    { key: 'plan', zh: '计划编号', en: 'Plan ID', type: 'text', maxLength: 30, width: 90 },
    { key: 'planned', zh: '计划日期', en: 'Planned date', type: 'date', width: 100 },
    { key: 'term', zh: '学期', en: 'Term', type: 'text', maxLength: 60, width: 160 },
  ],
});

export const checkinOutcomes = enumValues(
  ['done', '完成', 'Done', '已完成'],
  ['skipped', '跳过', 'Skipped', '已跳过'],
  ['problem', '发现问题', 'Problem found', '问题'],
);

/** 养护记录: every check-in from a phone, appended and never changed. */
export const careCheckins = defineTab({
  key: 'careCheckins',
  zh: '养护记录',
  en: 'Care check-ins',
  aliases: ['绿化打卡'],
  idColumn: 'id',
  idPrefix: 'GK',
  appendOnly: true,
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 160 },
    { key: 'at', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 130 },
    { key: 'date', zh: '任务日期', en: 'Task date', type: 'date', width: 100 },
    { key: 'area', zh: '区域编号', en: 'Area ID', type: 'text', required: true, maxLength: 20, width: 80 },
    { key: 'taskType', zh: '养护项目', en: 'Task', type: 'enum', allowed: careTaskTypes, width: 100 },
    { key: 'outcome', zh: '结果', en: 'Outcome', type: 'enum', required: true, allowed: checkinOutcomes, width: 80 },
    { key: 'reason', zh: '原因', en: 'Reason', type: 'text', maxLength: 200, width: 140 },
    { key: 'problem', zh: '问题描述', en: 'Problem', type: 'longtext', maxLength: 500, width: 180 },
    { key: 'by', zh: '打卡人', en: 'By', type: 'text', maxLength: 60, width: 90 },
    { key: 'task', zh: '任务编号', en: 'Task ID', type: 'text', maxLength: 40, width: 150 },
    { key: 'plan', zh: '计划编号', en: 'Plan ID', type: 'text', maxLength: 30, width: 90 },
  ],
});
