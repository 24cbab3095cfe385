/**
 * The monthly evaluation of an outsourced cleaning company (保洁公司考评). The disinfection
 * log (消毒记录) it draws on is a register (src/plugins/registers/ledgers.ts).
 */
import { Hono } from 'hono';
import { companyEvaluations as evaluationTab, evaluationGrades } from '../../../sheets-schema/index.js';
import {
  idempotencyKey,
  localDate,
  msg,
  readForm,
  render,
  requireRole,
  schoolCalendar,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { byZoneAndDay, checkinFrom, disinfectionFrom, zoneCompletion } from './logic/board.js';
import { stableHash } from './logic/roster.js';
import { EVALUATION_PARTS, evaluationGrade, readInspections, round1 } from './logic/scores.js';
import { daysCounted } from './logic/summary.js';
import { zonesOf } from './shared.js';

export const careRoutes = new Hono<AppEnv>();

const colsOf = (tab: typeof evaluationTab) => Object.fromEntries(tab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));

/** The disinfection log is a register now (src/plugins/registers/ledgers.ts); old links and posters still land. */
careRoutes.get('/disinfection', requireRole('head', 'staff', 'teacher', 'leader'), (c) => c.redirect('/registers/disinfection', 301));

/** Check-in completion and inspection average of a company's zones in a month, for reference. */
async function companyFacts(c: Ctx, month: string) {
  const { zones, checkins, disinfections, inspections, calendar, companyEvaluations } = await c.var.data.read([
    'zones',
    'checkins',
    'disinfections',
    'inspections',
    'calendar',
    'companyEvaluations',
  ]);
  const days = daysCounted(schoolCalendar(calendar), month, localDate());
  const ins = byZoneAndDay(checkins.rows.map(checkinFrom));
  const dis = byZoneAndDay(disinfections.rows.map(disinfectionFrom));
  const { records } = readInspections(inspections.rows, inspections.title, inspections.header.index.score);
  const companies = new Map<string, { required: number; done: number; scores: number[] }>();
  for (const z of zonesOf(zones).filter((z) => z.partyType === 'company' && z.party)) {
    const f = companies.get(z.party) ?? { required: 0, done: 0, scores: [] };
    const done = zoneCompletion(z, days, ins.get(z.id), dis.get(z.id));
    f.required += done.required + done.disinfectionRequired;
    f.done += done.done + done.disinfectionDone;
    f.scores.push(...records.filter((r) => r.zone === z.id && r.date.startsWith(month)).map((r) => r.score));
    companies.set(z.party, f);
  }
  const facts = [...companies.entries()].map(([company, f]) => ({
    company,
    checkinRate: f.required ? round1((f.done / f.required) * 100) : null,
    inspectionAverage: f.scores.length ? round1(f.scores.reduce((s, x) => s + x, 0) / f.scores.length) : null,
  }));
  return { facts, evaluations: companyEvaluations };
}

const evaluationId = (month: string, company: string) => `EV-${month.replace('-', '')}-${stableHash(company)}`;

async function evaluationPage(c: Ctx, input: Record<string, string>, errors: Record<string, Text>, status = 200) {
  const month = /^\d{4}-\d{2}$/.test(input.month ?? '') ? input.month! : localDate().slice(0, 7);
  const { facts, evaluations } = await companyFacts(c, month);
  const rows = [...evaluations.rows].sort((a, b) => (b.values.month ?? '').localeCompare(a.values.month ?? ''));
  return render(
    c,
    'cleaning/evaluations',
    {
      title: msg(c, 'cleaning.evaluations'),
      facts: facts.map((f) => ({ ...f, rate: f.checkinRate === null ? '—' : `${f.checkinRate}%`, average: f.inspectionAverage ?? '—' })),
      rows,
      grades: evaluationGrades,
      cols: colsOf(evaluationTab),
      parts: EVALUATION_PARTS.map((p) => ({
        ...p,
        label: evaluationTab.columns.find((col) => col.key === p.key)!,
        value: input[p.key] ?? '',
        error: errors[p.key] ?? null,
      })),
      input: { month, company: facts[0]?.company ?? '', ...input },
      errors,
      errorList: Object.values(errors),
      saved: c.req.query('saved') ?? null,
      canEvaluate: c.var.person?.role === 'head',
      formKey: crypto.randomUUID(),
    },
    { status },
  );
}

careRoutes.get('/evaluations', requireRole('head', 'staff', 'leader'), (c) => evaluationPage(c, { month: c.req.query('month') ?? '' }, {}));

careRoutes.post('/evaluations', requireRole('head'), async (c) => {
  const person = c.var.person!;
  const f = (await readForm(c)).fields();
  const month = (f.month ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/年/, '-')
    .replace(/月$/, '')
    .replace(/^(\d{4})-(\d)$/, '$1-0$2');
  const errors: Record<string, Text> = {};
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) errors.month = bilingual('cleaning.monthMustLookLike');
  const { values, errors: fieldErrors } = validateInput(
    evaluationTab,
    { company: f.company ?? '', notes: f.notes ?? '', ...Object.fromEntries(EVALUATION_PARTS.map((p) => [p.key, f[p.key] ?? ''])) },
    { partial: true },
  );
  Object.assign(errors, fieldErrors);
  let total = 0;
  for (const part of EVALUATION_PARTS) {
    const v = values[part.key];
    const col = evaluationTab.columns.find((col) => col.key === part.key)!;
    if (errors[part.key]) continue;
    if (typeof v !== 'number' || v < 0 || v > part.max)
      errors[part.key] = bilingual('cleaning.scoreOutOfRange', { label: col.zh, labelEn: col.en, max: part.max });
    else total += v;
  }
  if (!(values.company ?? '').trim() && !errors.company) errors.company = bilingual('cleaning.nameCleaningCompany');
  if (Object.keys(errors).length) return evaluationPage(c, { ...f, month: f.month ?? '' }, errors, 422);
  const company = String(values.company);
  const { facts, evaluations } = await companyFacts(c, month);
  const fact = facts.find((x) => x.company === company);
  const id = evaluationId(month, company);
  const row = {
    month,
    company,
    ...Object.fromEntries(EVALUATION_PARTS.map((p) => [p.key, values[p.key] as number])),
    total: round1(total),
    grade: evaluationGrade(total),
    checkinRate: fact?.checkinRate ?? null,
    inspectionAverage: fact?.inspectionAverage ?? null,
    evaluator: person.name,
    notes: values.notes ?? '',
  };
  const key = idempotencyKey('cleaning.evaluate', person, f._key);
  // One row per company and month: evaluating again corrects it.
  if (evaluations.rows.some((r) => r.id === id)) await writes(c).update('companyEvaluations', id, row, 'cleaning.evaluate', key);
  else await writes(c).append('companyEvaluations', { id, ...row }, 'cleaning.evaluate', key);
  return c.redirect(`/cleaning/evaluations?month=${month}&saved=${encodeURIComponent(company)}`, 303);
});
