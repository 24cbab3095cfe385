import { defineTab, enumValues } from './types.js';

/**
 * 月报: the monthly reports for leadership. One 月报 row per month (its draft state,
 * the notable-work list the head of logistics edits, publication and the share link),
 * and, once published, the frozen snapshot as 快照分片 rows: the report's JSON split
 * into pieces well under Google's 50,000-character cell limit, reassembled by 分片序号
 * and checked against 校验. Row IDs carry the month: MR-2026-10, MR-2026-10-P01.
 */
export const reports = defineTab({
  key: 'reports',
  zh: '月报',
  en: 'Monthly reports',
  aliases: ['月度报告', '后勤月报'],
  idColumn: 'id',
  idPrefix: 'MR',
  help: {
    zh: '门户生成的月度后勤工作报告。已发布的报告以快照分片保存，请勿修改或排序分片内容。',
    en: 'Monthly logistics reports made by the portal. Published reports are kept as snapshot pieces; do not edit them.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 140 },
    {
      key: 'kind',
      zh: '类型',
      en: 'Kind',
      type: 'enum',
      required: true,
      width: 90,
      allowed: enumValues(['report', '月报', 'Report'], ['part', '快照分片', 'Snapshot piece', '分片']),
    },
    { key: 'title', zh: '标题', en: 'Title', type: 'text', maxLength: 100, width: 200 },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      type: 'enum',
      width: 80,
      allowed: enumValues(['draft', '草稿', 'Draft'], ['published', '已发布', 'Published', '发布']),
    },
    {
      key: 'notable',
      zh: '重点工作',
      en: 'Notable work',
      type: 'longtext',
      maxLength: 8000,
      width: 260,
      help: { zh: '每行一项', en: 'One item per line' },
    },
    { key: 'publishedAt', zh: '发布时间', en: 'Published at', type: 'datetime', width: 140 },
    { key: 'publishedBy', zh: '发布人', en: 'Published by', type: 'text', maxLength: 60, width: 90 },
    {
      key: 'linkVersion',
      zh: '链接版本',
      en: 'Link version',
      type: 'number',
      width: 80,
      help: { zh: '撤销分享链接时加一，旧链接随即失效', en: 'Raised when the share link is revoked; older links stop working' },
    },
    { key: 'linkOff', zh: '链接停用', en: 'Link off', type: 'boolean', width: 80 },
    { key: 'parts', zh: '分片数', en: 'Pieces', type: 'number', width: 70 },
    { key: 'part', zh: '分片序号', en: 'Piece', type: 'number', width: 70 },
    { key: 'checksum', zh: '校验', en: 'Checksum', type: 'text', maxLength: 100, width: 120 },
    { key: 'data', zh: '快照数据', en: 'Snapshot data', type: 'longtext', maxLength: 45000, width: 300 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated at', type: 'datetime', width: 140 },
  ],
});

/**
 * 安全月报: the monthly safety report to the education bureau (坚持每月向教育局进行安全月报),
 * kept exactly like 月报: one row per month (draft, the school's remarks, publication) and,
 * once published, the frozen snapshot's pieces. This tab is what the district reads; it
 * never reads a school's working tabs. Row IDs: SR-2026-10, SR-2026-10-P01.
 */
export const safetyReports = defineTab({
  ...reports,
  key: 'safetyReports',
  zh: '安全月报',
  en: 'Monthly safety reports',
  aliases: ['安全工作月报'],
  idPrefix: 'SR',
  help: {
    zh: '门户生成的安全月报（报教育局）。已发布的报告以快照分片保存，区教育局只读取已发布的报告；请勿修改分片内容。',
    en: 'Monthly safety reports for the education bureau. Published reports are kept as snapshot pieces, which is all the district reads; do not edit them.',
  },
  columns: reports.columns.map((c) =>
    c.key === 'notable'
      ? { ...c, zh: '情况说明', en: 'Remarks', help: { zh: '每行一项，随报告报送', en: 'One item per line, sent with the report' } }
      : c,
  ),
});
