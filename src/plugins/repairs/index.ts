import { Hono } from 'hono';
import { definePlugin, glossary, roles, schoolCalendar, type Alert, type AppEnv } from '../../core/kit.js';
import { repairsMessages } from './messages.js';
import { finished, isReporter, isWorker, serviceLevel } from './model.js';
import { patrolRoutes } from './patrol.js';
import { openReports, reportRoutes } from './reports.js';
import { repairRoutes } from './routes.js';
import { repairsSection } from './summary.js';
import { repairDuties, repairEvents, repairReminders, repairsAtRisk } from './notices.js';

// Patrol, hazard and report paths first, so /repairs/:id never swallows /repairs/patrol, /repairs/hazards or /repairs/reports.
const routes = new Hono<AppEnv>();
routes.route('/', patrolRoutes);
routes.route('/', reportRoutes);
routes.route('/', repairRoutes);

/**
 * 报修 (repair requests) and 每日巡视 / 隐患 (daily patrol and hazards): report from a QR,
 * dispatch, repair, sign-off within 小修不隔夜, and the hazard register.
 */
export const repairsPlugin = definePlugin({
  id: 'repairs',
  tabs: [
    'repairs',
    'repairEvents',
    'patrolItems',
    'patrols',
    'hazards',
    'rooms',
    'people',
    'calendar',
    'careCheckins',
    'greenAreas',
    'checkins',
    'zones',
  ],
  nav: [
    { path: '/repairs/new', label: { ...repairsMessages['repairs.new'], en: 'Report repair' }, roles: roles.writers },
    { path: '/repairs', label: { ...repairsMessages['repairs.board'], en: 'Repairs' }, roles: ['head', 'staff', 'leader'] },
    { path: '/repairs/mine', label: repairsMessages['repairs.mine'], roles: ['class_head', 'teacher'] },
    { path: '/repairs/jobs', label: repairsMessages['repairs.jobs'], roles: ['staff'] },
    { path: '/repairs/patrol', label: { ...repairsMessages['repairs.patrol'], en: 'Patrol' }, roles: roles.office },
    { path: '/repairs/hazards', label: glossary['term.hazard'], roles: ['head', 'staff', 'leader'] },
    { path: '/repairs/reports', label: { ...repairsMessages['repairs.reports'], en: 'Field reports' }, roles: roles.office },
  ],
  routes,
  messages: repairsMessages,
  events: repairEvents,
  duties: repairDuties,
  reminders: repairReminders,
  timed: [{ at: '15:30', run: repairsAtRisk }],
  async alerts({ data, person, today, plugins }) {
    const { repairs, hazards, calendar } = await data.read(['repairs', 'hazards', 'calendar']);
    const cal = schoolCalendar(calendar);
    const now = `${today}T00:00:00`;
    const open = repairs.rows.filter((r) => !finished(r.values.status));
    const late = (rows: typeof open) => rows.filter((r) => serviceLevel(r.values, cal, now).state === 'breached').length;
    const overdueHazards = hazards.rows.filter(
      (h) => h.values.status === 'open' && typeof h.values.deadline === 'string' && h.values.deadline < today,
    );
    const alerts: Alert[] = [];
    const add = (level: Alert['level'], key: keyof typeof repairsMessages, count: number, href: string) => {
      if (count > 0) alerts.push({ level, text: repairsMessages[key], params: { count }, href });
    };
    if (person.role === 'head' || person.role === 'leader') {
      add('bad', 'repairs.alert.breaches', late(open), '/repairs?status=open');
      add(
        'warn',
        'repairs.alert.unassigned',
        open.filter((r) => r.values.status === 'reported' || r.values.status === 'reopened').length,
        '/repairs?status=reported',
      );
      add('bad', 'repairs.alert.hazards', overdueHazards.length, '/repairs/hazards');
      if (person.role === 'head')
        add('warn', 'repairs.alert.reports', (await openReports(data, plugins ?? [], today)).length, '/repairs/reports');
    } else if (person.role === 'staff') {
      add('info', 'repairs.alert.myJobs', open.filter((r) => isWorker(r.values, person)).length, '/repairs/jobs');
      add('bad', 'repairs.alert.hazards', overdueHazards.filter((h) => h.values.owner === person.name).length, '/repairs/hazards');
    }
    add(
      'info',
      'repairs.alert.signoff',
      repairs.rows.filter((r) => r.values.status === 'done' && isReporter(r.values, person)).length,
      '/repairs/mine',
    );
    return alerts;
  },
  async summary({ data, month, calendar }) {
    const { repairs, hazards } = await data.read(['repairs', 'hazards']);
    return repairsSection(
      repairs.rows,
      hazards.rows,
      month,
      calendar,
      [...repairs.problems, ...hazards.problems].filter(
        (p) => p.column === 'reportedAt' || p.column === 'doneAt' || p.column === 'status' || p.column === 'foundAt',
      ),
    );
  },
});
