/** Interface text of the district pages (keys prefixed 'district.'). */
import type { Text } from '../../core/kit.js';
export const districtMessages = {
  'district.title': { zh: '区级汇总', en: 'District overview' },
  'district.monthTitle': { zh: '{month} 各校月报汇总', en: 'Schools’ reports, {month}' },
  'district.intro': {
    zh: '以下数据全部来自各校已发布的安全月报和后勤月报（发布时冻结的快照）；未发布的学校不显示数字。',
    en: 'Every figure comes from what the schools published (their frozen 安全月报 and 月报); a school that has not published shows no figures.',
  },
  'district.published': { zh: '已报送 {count} 所', en: '{count} published' },
  'district.lateCount': { zh: '逾期未报 {count} 所', en: '{count} late' },
  'district.dueCount': { zh: '未到期 {count} 所', en: '{count} not yet due' },
  'district.unreachableCount': { zh: '无法读取 {count} 所', en: '{count} unreadable' },
  'district.dueNote': { zh: '{month}安全月报应于 {date} 前报送。', en: 'The {month} safety report is due by {date}.' },
  'district.late': { zh: '逾期未报送的学校', en: 'Schools late with their report' },
  'district.noneLate': { zh: '没有逾期未报送的学校。', en: 'No school is late.' },
  'district.rank': { zh: '排名', en: 'Rank' },
  'district.school': { zh: '学校', en: 'School' },
  'district.area': { zh: '片区', en: 'Area' },
  'district.status': { zh: '安全月报', en: 'Safety report' },
  'district.status.published': { zh: '已报送', en: 'Published' },
  'district.status.late': { zh: '逾期未报', en: 'Late' },
  'district.status.due': { zh: '未报送', en: 'Not yet' },
  'district.status.broken': { zh: '快照损坏', en: 'Damaged' },
  'district.status.unreachable': { zh: '无法读取', en: 'Unreadable' },
  'district.sortBy': { zh: '排序：{label}', en: 'Sorted by {label}' },
  'district.sortHelp': {
    zh: '点列名按该项排序（好的在前）；括号内为与上月相比。',
    en: 'Click a column to rank by it (best first); brackets show the change from last month.',
  },
  'district.total': { zh: '全区', en: 'District' },
  'district.totalHelp': { zh: '全区：数量为合计，比率为各校平均。', en: 'District: counts are totals, rates the mean of schools.' },
  'district.prev': { zh: '上个月', en: 'Previous month' },
  'district.next': { zh: '下个月', en: 'Next month' },
  'district.noSchools': {
    zh: '没有可查看的学校。请在区表格「学校」中添加学校（片区督导只看本片区）。',
    en: 'No schools to show. Add schools to the district spreadsheet’s 学校 tab (area supervisors see their own area only).',
  },
  'district.boarding': { zh: '寄宿', en: 'Boarding' },
  'district.contact': { zh: '联系人', en: 'Contact' },
  'district.open': { zh: '查看报告', en: 'Open report' },
  'district.back': { zh: '返回区级汇总', en: 'Back to the district overview' },
  'district.notPublished': { zh: '{school}尚未发布{month}安全月报。', en: '{school} has not published its safety report for {month}.' },
  'district.unknownSchool': { zh: '本区没有这所学校，或您无权查看。', en: 'No such school in this district, or not yours to see.' },
  'district.unreachable': {
    zh: '无法读取该校表格：{reason}。请确认表格ID正确并已共享给服务账号。',
    en: 'The school’s spreadsheet cannot be read: {reason}. Check the ID and that it is shared with the service account.',
  },
  'district.schoolFigures': { zh: '后勤月报主要数据', en: 'From the monthly logistics report' },
  'district.monthlyMissing': {
    zh: '该校尚未发布本月后勤月报。',
    en: 'The school has not published its monthly logistics report for this month.',
  },
  'district.print': { zh: '打印：使用浏览器的打印功能（A4）。', en: 'Print: use the browser’s print (A4).' },
} as const;

declare module '../../core/kit.js' {
  interface PluginMessages extends Record<keyof typeof districtMessages, Text> {}
}
