/**
 * Inspections (卫生检查): a scoring form out of 100 with a deduction per checklist item,
 * random spot checks (随机抽查), and the list. Scores feed the class ranking.
 */
import { Hono } from 'hono';
import { inspectionKinds, inspections as inspectionTab } from '../../../sheets-schema/index.js';
import {
  idempotencyKey,
  isHtmx,
  localDate,
  msg,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { deductionText, scoreInspection } from './logic/scores.js';
import type { Zone } from './logic/zones.js';
import { buildings, findZone, zoneMap, zonesOf } from './shared.js';

export const inspectionRoutes = new Hono<AppEnv>();
const inspectors = ['head', 'staff', 'teacher'] as const;

inspectionRoutes.get('/inspections', requireRole(...roles.everyone), async (c) => {
  const { inspections } = await c.var.data.read(['inspections']);
  const zone = (c.req.query('zone') ?? '').trim();
  const party = (c.req.query('party') ?? '').trim();
  const rows = inspections.rows
    .filter((r) => (!zone || r.values.zone === zone) && (!party || r.values.party === party))
    .sort((a, b) => (b.values.date ?? '').localeCompare(a.values.date ?? '') || b.row - a.row);
  return render(c, 'cleaning/inspections', {
    title: msg(c, 'cleaning.inspections'),
    rows: rows.slice(0, 200),
    count: rows.length,
    kinds: inspectionKinds,
    zone,
    party,
    added: c.req.query('added') ?? null,
    canInspect: (inspectors as readonly string[]).includes(c.var.person?.role ?? ''),
  });
});

function formData(c: Ctx, zones: Zone[], zone: Zone | undefined, input: Record<string, string>, errors: Record<string, Text>) {
  return {
    title: msg(c, 'cleaning.inspect'),
    zones: zones.filter((z) => z.active),
    zone: zone ?? null,
    items: (zone?.checklist ?? []).map((item, i) => ({
      ...item,
      name: `d${i}`,
      value: input[`d${i}`] ?? '',
      error: errors[`d${i}`] ?? null,
    })),
    input: { date: localDate(), kind: 'routine', ...input },
    errors,
    errorList: Object.values(errors),
    kinds: inspectionKinds,
    formKey: input._key || crypto.randomUUID(),
  };
}

inspectionRoutes.get('/inspections/new', requireRole(...inspectors), async (c) => {
  const { zones } = await c.var.data.read(['zones']);
  const all = zonesOf(zones);
  const zoneId = c.req.query('zone') ?? '';
  const zone = zoneId ? findZone(zoneMap(zones), zoneId) : undefined;
  if (zoneId && !zone)
    return render(
      c,
      'error',
      { title: msg(c, 'cleaning.inspect'), message: msg(c, 'cleaning.zoneNotFound', { id: zoneId }) },
      { status: 404 },
    );
  return render(
    c,
    'cleaning/inspect',
    formData(c, all, zone, { kind: c.req.query('kind') === 'spot' ? 'spot' : 'routine', zone: zone?.id ?? '' }, {}),
  );
});

inspectionRoutes.post('/inspections', requireRole(...inspectors), async (c) => {
  const person = c.var.person!;
  const f = (await readForm(c)).fields();
  const { zones } = await c.var.data.read(['zones']);
  const all = zonesOf(zones);
  const zone = f.zone ? findZone(zoneMap(zones), f.zone) : undefined;
  const errors: Record<string, Text> = {};
  if (!zone) errors.zone = f.zone ? bilingual('cleaning.noSuchZone', { zone: f.zone }) : bilingual('cleaning.chooseZoneInspected');
  else if (!zone.active) errors.zone = bilingual('cleaning.zoneInactiveCannotScored', { name: zone.name });
  const { values, errors: fieldErrors } = validateInput(
    inspectionTab,
    { date: f.date ?? '', kind: f.kind || 'routine', notes: f.notes ?? '' },
    { partial: true },
  );
  Object.assign(errors, fieldErrors);
  if (!fieldErrors.date && !values.date) errors.date = bilingual('cleaning.enterDateInspection');
  const scored = scoreInspection(zone?.checklist ?? [], f);
  Object.assign(errors, scored.errors);
  if (Object.keys(errors).length) return render(c, 'cleaning/inspect', formData(c, all, zone, f, errors), { status: 422 });
  const z = zone!;
  const receipt = await writes(c).append(
    'inspections',
    {
      ...values,
      id: newRowId('IN'),
      zone: z.id,
      zoneName: z.name,
      party: z.party,
      score: scored.score,
      deductions: deductionText(scored.deductions),
      inspector: person.name,
    },
    'cleaning.inspect',
    idempotencyKey('cleaning.inspect', person, f._key),
  );
  if (!isHtmx(c)) return c.redirect(`/cleaning/inspections?added=${encodeURIComponent(receipt.rowId)}`, 303);
  return render(c, 'cleaning/inspected', { zone: z, score: scored.score, deductions: scored.deductions, receipt });
});

/** Random spot checks: a few active zones drawn at random (optionally in one building). */
inspectionRoutes.get('/inspections/spot', requireRole(...inspectors), async (c) => {
  const { zones } = await c.var.data.read(['zones']);
  const building = c.req.query('building') ?? '';
  const n = Math.min(20, Math.max(1, Number(c.req.query('n')) || 5));
  const pool = zonesOf(zones).filter((z) => z.active && (!building || z.building === building));
  // Fisher–Yates with crypto randomness: nobody can predict which zones are drawn.
  const rand = crypto.getRandomValues(new Uint32Array(pool.length));
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rand[i]! % (i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const picked = pool.slice(0, n);
  return render(c, 'cleaning/spot', { title: msg(c, 'cleaning.spot'), zones: picked, building, buildings: buildings(zonesOf(zones)), n });
});
