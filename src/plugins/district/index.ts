/**
 * 区级汇总 (district overview): a district office (区教育局 / 勤办) on its own host reads what
 * each of its schools has published — the 安全月报 and the monthly report — straight from the
 * schools' own spreadsheets, one read per school at most. It has no tab of its own beyond
 * 学校 (and 人员 for signing in), and no route that writes.
 */
import { definePlugin, roles } from '../../core/kit.js';
import { districtMessages } from './messages.js';
import { districtRoutes } from './routes.js';

export const districtPlugin = definePlugin({
  id: 'district',
  tabs: ['districtSchools'],
  nav: [{ path: '/district', label: districtMessages['district.title'], roles: roles.district }],
  routes: districtRoutes,
  messages: districtMessages,
});
