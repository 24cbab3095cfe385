import { definePlugin, glossary, type FieldReport, type SchoolData } from '../../core/kit.js';
import { greeningAlerts, greeningDuties } from './alerts.js';
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
  duties: greeningDuties,
  summary: greeningSummary,
  reports: greeningReports,
});

/** "Problem found" check-ins, for repairs and hazards; the place is the area and where it is. */
async function greeningReports(data: SchoolData): Promise<FieldReport[]> {
  const { careCheckins, greenAreas } = await data.read(['careCheckins', 'greenAreas']);
  const areas = new Map(greenAreas.rows.map((r) => [r.id, r.values]));
  return careCheckins.rows
    .filter((r) => r.values.outcome === 'problem' && typeof r.values.at === 'string')
    .map((r) => {
      const id = (r.values.area ?? '').trim();
      const area = areas.get(id);
      const name = String(area?.name ?? id);
      const where = String(area?.location ?? '').trim();
      return {
        ref: `greening:${r.id}`,
        module: glossary['term.greening'],
        place: where ? `${name}（${where}）` : name,
        description: r.values.problem ?? '',
        at: String(r.values.at),
        by: r.values.by ?? '',
        byId: '',
        photos: [],
        hazardArea: 'greening',
        href: `/greening/a/${encodeURIComponent(id)}`,
      };
    });
}
