import { Hono } from 'hono';
import { glossary } from '../../core/i18n/glossary.js';
import { definePlugin, type Alert } from '../../core/plugin.js';
import { localDate, localDateTime } from '../../core/time.js';
import type { AppEnv } from '../../env.js';
import { careRoutes } from './care-routes.js';
import { checkinRoutes } from './checkin-routes.js';
import { inspectionRoutes } from './inspection-routes.js';
import { cleaningSection } from './logic/summary.js';
import { cleaningMessages } from './messages.js';
import { rankingRoutes } from './ranking-routes.js';
import { rosterRoutes } from './roster-routes.js';
import { board, todayRoutes, totals, zonesFor } from './today-routes.js';
import { zoneRoutes } from './zone-routes.js';

const routes = new Hono<AppEnv>();
for (const part of [todayRoutes, checkinRoutes, zoneRoutes, rosterRoutes, inspectionRoutes, rankingRoutes, careRoutes]) routes.route('/', part);

/**
 * 卫生保洁: zones and their routines, QR check-ins, the head's Today view, duty rosters,
 * scored inspections and the class ranking, the disinfection log and the cleaning company's
 * monthly evaluation.
 */
export const cleaningPlugin = definePlugin({
  id: 'cleaning',
  tabs: ['zones', 'checkins', 'roster', 'inspections', 'disinfections', 'classRanking', 'companyEvaluations', 'classes', 'calendar'],
  nav: [
    { path: '/cleaning', label: glossary['term.cleaning'], roles: ['head', 'staff', 'class_head', 'teacher', 'leader'] },
    { path: '/cleaning/ranking', label: cleaningMessages['cleaning.ranking'], roles: ['head', 'staff', 'class_head', 'teacher', 'leader'] },
  ],
  routes,
  messages: cleaningMessages,
  /** Missed checks today: the whole school for logistics, their own zones for a class head. */
  async alerts({ data, person, today }): Promise<Alert[]> {
    if (person.role === 'teacher' || person.role === 'leader') return [];
    const nowLocal = localDateTime();
    const { days, schoolDay } = await board(data, today, today === nowLocal.slice(0, 10) ? nowLocal : `${today}T23:59:00`);
    if (!schoolDay) return [];
    if (person.role === 'class_head') {
      const mine = new Set(zonesFor(person, days.map((d) => d.zone)).map((z) => z.id));
      const t = totals(days.filter((d) => mine.has(d.zone.id)));
      return t.missing ? [{ level: 'warn', text: cleaningMessages['cleaning.alert.mine'], params: { count: t.missing }, href: '/cleaning' }] : [];
    }
    const t = totals(days);
    return t.missing ? [{ level: 'bad', text: cleaningMessages['cleaning.alert.missing'], params: { count: t.missing, zones: t.zonesMissing }, href: '/cleaning?only=missing' }] : [];
  },
  async summary({ data, month, calendar }) {
    const tables = await data.read(['zones', 'checkins', 'inspections', 'disinfections', 'classes', 'companyEvaluations']);
    return cleaningSection(tables, month, calendar, localDate());
  },
});
