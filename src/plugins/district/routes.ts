/**
 * The district's pages: the month's reports of all its schools side by side (published vs
 * late, ranked, with the change from last month) and one school's published 安全月报. Every
 * route is GET: district people read, they never write.
 */
import { Hono } from 'hono';
import {
  isMonth,
  localDate,
  monthLabel,
  msg,
  previousMonth,
  render,
  requireRole,
  roles,
  safetyView,
  signedIn,
  type AppEnv,
  type Ctx,
} from '../../core/kit.js';
import { DEFAULT_SORT, districtTotals, metrics, rankSchools } from './metrics.js';
import { districtSchools, dueDate, readDistrictMonth, readSchoolMonth, type SafetyStatus } from './model.js';

const district = requireRole(...roles.district);

const statusLabels = {
  published: 'district.status.published',
  late: 'district.status.late',
  due: 'district.status.due',
  broken: 'district.status.broken',
  unreachable: 'district.status.unreachable',
} as const satisfies Record<SafetyStatus, string>;

/** The month asked for ('?month=2026-10'), else last month: reports are made for months that are over. */
function monthOf(c: Ctx): string | null {
  const now = localDate().slice(0, 7);
  const asked = c.req.query('month');
  if (asked === undefined || asked === '') return previousMonth(now);
  return isMonth(asked) && asked <= now ? asked : null;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

function notFound(c: Ctx, text: string) {
  return render(c, 'district/message', { title: msg(c, 'district.title'), message: text }, { status: 404 });
}

export const districtRoutes = new Hono<AppEnv>();

districtRoutes.get('/', district, async (c) => {
  const locale = c.var.locale;
  const month = monthOf(c);
  if (!month) return notFound(c, msg(c, 'summary.notFound'));
  const today = localDate();
  const schools = await districtSchools(c.var.data, signedIn(c));
  const months = await readDistrictMonth(c.env, schools, month, previousMonth(month), today);
  const sort = metrics.some((m) => m.key === c.req.query('sort')) ? c.req.query('sort')! : DEFAULT_SORT;
  const count = (status: string) => months.filter((m) => m.status === status).length;
  const label = monthLabel(month, locale);
  return render(c, 'district/index', {
    title: msg(c, 'district.monthTitle', { month: label }),
    month,
    monthLabel: label,
    prev: previousMonth(month),
    next: nextMonth(month) <= today.slice(0, 7) ? nextMonth(month) : null,
    due: dueDate(month),
    sort,
    sortLabel: msg(c, metrics.find((m) => m.key === sort)!.label),
    columns: metrics.map((m) => ({ key: m.key, name: msg(c, m.label), sorted: m.key === sort })),
    rows: rankSchools(months, sort, locale).map((r) => ({
      ...r.month,
      statusLabel: msg(c, statusLabels[r.month.status]),
      rank: r.rank,
      cells: r.cells,
    })),
    totals: districtTotals(months, locale),
    late: months.filter((m) => m.status === 'late').map((m) => m.school),
    counts: { published: count('published'), late: count('late'), due: count('due'), unreachable: count('unreachable') + count('broken') },
    noSchools: schools.length === 0,
  });
});

districtRoutes.get('/schools/:id/:month', district, async (c) => {
  const locale = c.var.locale;
  const month = c.req.param('month');
  if (!isMonth(month) || month > localDate().slice(0, 7)) return notFound(c, msg(c, 'summary.notFound'));
  const school = (await districtSchools(c.var.data, signedIn(c))).find((s) => s.id === c.req.param('id'));
  if (!school) return notFound(c, msg(c, 'district.unknownSchool'));
  const read = await readSchoolMonth(c.env, school, month, previousMonth(month), localDate());
  const label = monthLabel(month, locale);
  if (read.status === 'unreachable') return notFound(c, msg(c, 'district.unreachable', { reason: read.error ?? '' }));
  if (!read.safety) return notFound(c, msg(c, 'district.notPublished', { school: school.name, month: label }));
  const [row] = rankSchools([read], DEFAULT_SORT, locale);
  const title = msg(c, 'summary.safety.reportTitle', { month: label });
  return render(c, 'district/school', {
    title: `${school.name} · ${title}`,
    safetyTitle: title,
    safetySchool: school.name,
    detail: school,
    month,
    safety: safetyView(read.safety, locale),
    // The safety figures are in the report itself; these come from the school's published 月报.
    figures: metrics.flatMap((m, i) => (m.source === 'monthly' ? [{ name: msg(c, m.label), ...row!.cells[i]! }] : [])),
    monthlyPublished: read.monthly !== null,
  });
});
