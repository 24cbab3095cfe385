import { glossary } from '../../core/i18n/glossary.js';
import { definePlugin } from '../../core/plugin.js';
import { greeningAlerts } from './alerts.js';
import { greeningMessages } from './messages.js';
import { greeningRoutes } from './routes.js';
import { greeningSummary } from './summary.js';

/**
 * 绿化 (greening): areas and plant labels, care plans in the school's own words, the term
 * schedule they generate over the 校历, phone check-ins, desk alerts and the summary section.
 */
export const greeningPlugin = definePlugin({
  id: 'greening',
  tabs: ['greenAreas', 'carePlans', 'careTasks', 'careCheckins', 'calendar'],
  nav: [{ path: '/greening', label: glossary['term.greening'], roles: ['head', 'staff', 'class_head', 'teacher', 'leader'] }],
  routes: greeningRoutes,
  messages: greeningMessages,
  alerts: greeningAlerts,
  summary: greeningSummary,
});
