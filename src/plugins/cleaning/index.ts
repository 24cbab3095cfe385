import { Hono } from 'hono';
import { definePlugin, glossary, type AppEnv } from '../../core/kit.js';
import { careRoutes } from './care-routes.js';
import { checkinRoutes } from './checkin-routes.js';
import { inspectionRoutes } from './inspection-routes.js';
import { cleaningAlerts, cleaningDuties, cleaningReports, cleaningSummary } from './hooks.js';
import { cleaningMessages } from './messages.js';
import { rankingRoutes } from './ranking-routes.js';
import { rosterRoutes } from './roster-routes.js';
import { todayRoutes } from './today-routes.js';
import { zoneRoutes } from './zone-routes.js';

const routes = new Hono<AppEnv>();
for (const part of [todayRoutes, checkinRoutes, zoneRoutes, rosterRoutes, inspectionRoutes, rankingRoutes, careRoutes])
  routes.route('/', part);

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
    {
      path: '/cleaning/ranking',
      label: { ...cleaningMessages['cleaning.ranking'], en: 'Ranking' },
      roles: ['head', 'staff', 'class_head', 'teacher', 'leader'],
    },
  ],
  routes,
  messages: cleaningMessages,
  alerts: (ctx) => cleaningAlerts(ctx),
  duties: (ctx) => cleaningDuties(ctx),
  summary: (ctx) => cleaningSummary(ctx),
  reports: (data) => cleaningReports(data),
});
