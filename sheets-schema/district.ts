import { defineTab } from './types.js';

/**
 * 学校: the schools a district office (区教育局 / 勤办) looks across, in the district's own
 * spreadsheet. Each school keeps its own spreadsheet as its system of record; the district
 * reads only what a school has published there (安全月报 and 月报 snapshots). 服务账号 names
 * which of the deployment's service accounts reads that school (GOOGLE_SERVICE_ACCOUNTS);
 * empty = the default one.
 */
export const districtSchools = defineTab({
  key: 'districtSchools',
  zh: '学校',
  en: 'Schools',
  aliases: ['学校名单', '所属学校'],
  idColumn: 'id',
  idPrefix: 'S',
  help: {
    zh: '本区的学校。加一行即可纳入区级汇总；停用一行即不再汇总。',
    en: "The district's schools. Add a row to include a school; set 启用 to FALSE to leave it out.",
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', aliases: ['学校编号'], type: 'id', required: true, width: 80 },
    { key: 'name', zh: '学校名称', en: 'School', aliases: ['学校', '名称'], type: 'text', required: true, maxLength: 60, width: 160 },
    {
      key: 'spreadsheetId',
      zh: '表格ID',
      en: 'Spreadsheet ID',
      aliases: ['表格编号', 'Spreadsheet'],
      type: 'text',
      required: true,
      maxLength: 100,
      width: 220,
      help: { zh: '学校表格网址中 /d/ 与 /edit 之间的一段', en: "The part of the school's spreadsheet URL between /d/ and /edit" },
    },
    { key: 'host', zh: '门户地址', en: 'Portal host', aliases: ['域名'], type: 'text', maxLength: 100, width: 180 },
    { key: 'area', zh: '片区', en: 'Area', aliases: ['学区'], type: 'text', maxLength: 40, width: 80 },
    { key: 'boarding', zh: '寄宿制', en: 'Boarding', aliases: ['是否寄宿'], type: 'boolean', width: 70 },
    { key: 'contact', zh: '联系人', en: 'Contact', type: 'text', maxLength: 40, width: 80 },
    { key: 'phone', zh: '联系电话', en: 'Phone', aliases: ['电话'], type: 'text', maxLength: 30, width: 120 },
    { key: 'serviceAccount', zh: '服务账号', en: 'Service account', type: 'text', maxLength: 40, width: 100 },
    { key: 'active', zh: '启用', en: 'Active', type: 'boolean', required: true, width: 60 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});
