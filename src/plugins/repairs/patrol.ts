/**
 * Daily patrol (每日巡视) and the hazard register (隐患排查台帐): a checklist per area from the
 * 巡视项目 tab recorded on a phone; each problem found can become a hazard with an owner and
 * a rectification deadline → rectified (by the owner) → verified and closed (销号, by the head).
 */
import { Hono } from 'hono';
import { hazards as hazardTab } from '../../../sheets-schema/index.js';
import {
  addDays,
  bilingual,
  isHtmx,
  loads,
  localDate,
  localDateTime,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  signedIn,
  t,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type MessageKey,
  type RowChanges,
  type RowFor,
  type Table,
  type TableRow,
  type Text,
} from '../../core/kit.js';
import { repairRules } from './model.js';
import { checkRoom, enums, roomNames, workers } from './shared.js';

export const patrolRoutes = new Hono<AppEnv>();
const logistics = roles.office;
const hazardCols = Object.fromEntries(hazardTab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));

function checklist(items: Table, area: string) {
  return items.rows
    .filter((r) => r.values.area === area && r.values.active !== false)
    .map((r) => ({ id: r.id, item: r.values.item ?? '' }));
}

patrolRoutes.get('/patrol', requireRole(...logistics), async (c) => {
  const area = enums.areas.some((a) => a.key === c.req.query('area')) ? c.req.query('area')! : 'safety';
  const { patrolItems } = await c.var.data.read(['patrolItems']);
  return render(c, 'repairs/patrol', {
    title: t(c.var.locale, 'repairs.patrol'),
    area,
    items: checklist(patrolItems, area),
    areas: enums.areas,
    formKey: crypto.randomUUID(),
  });
});

patrolRoutes.post('/patrol', requireRole(...logistics), async (c) => {
  const person = signedIn(c);
  const form = await readForm(c);
  const fields = form.fields();
  const area = enums.areas.find((a) => a.key === fields.area);
  const { patrolItems } = await c.var.data.read(['patrolItems']);
  if (!area) return c.redirect('/repairs/patrol', 303);
  const items = checklist(patrolItems, area.key);
  const ok = new Set(form.list('ok'));
  const problems = items.filter((i) => !ok.has(i.id));
  const notes = validateInput(hazardTab, { rectification: fields.notes ?? '' }, { partial: true });
  if (notes.errors.rectification) {
    return render(
      c,
      'repairs/patrol',
      {
        title: t(c.var.locale, 'repairs.patrol'),
        area: area.key,
        items,
        areas: enums.areas,
        formKey: fields._key,
        notes: fields.notes,
        notesError: notes.errors.rectification,
      },
      { status: 422 },
    );
  }
  const text = [problems.length ? `问题：${problems.map((p) => p.item).join('；')}` : '', notes.values.rectification ?? '']
    .filter(Boolean)
    .join('\n');
  const receipt = await writes(c).append(
    'patrols',
    {
      id: newRowId('PT'),
      time: localDateTime(),
      person: person.name,
      area: area.key,
      checked: items.length,
      findings: problems.length,
      notes: text || null,
    },
    'patrol.record',
    form.key('patrol.record'),
  );
  return render(c, 'repairs/patrol-saved', {
    title: t(c.var.locale, 'repairs.patrol'),
    patrolId: receipt.rowId,
    area: area.key,
    areaLabel: area,
    checked: items.length,
    findings: problems.length,
    problems,
    areas: enums.areas,
  });
});

/** Overdue: still open past its deadline. */
const overdue = (h: TableRow, today: string) =>
  h.values.status === 'open' && typeof h.values.deadline === 'string' && h.values.deadline < today;

patrolRoutes.get('/hazards', requireRole(...roles.everyone), async (c) => {
  const { hazards } = await c.var.data.read(['hazards']);
  const today = localDate();
  const show = c.req.query('status') ?? 'open';
  const rows = hazards.rows
    .filter((h) => show === 'all' || (show === 'open' ? h.values.status !== 'closed' : h.values.status === show))
    .map((h) => ({ id: h.id, values: h.values, overdue: overdue(h, today) }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || String(a.values.deadline).localeCompare(String(b.values.deadline)));
  return render(c, 'repairs/hazards', {
    title: t(c.var.locale, 'repairs.hazards'),
    rows,
    show,
    cols: hazardCols,
    ...enums,
    canAdd: c.var.person!.role === 'head' || c.var.person!.role === 'staff',
  });
});

patrolRoutes.get('/hazards/new', requireRole(...logistics), async (c) => {
  const q = (k: string, max: number) => c.req.query(k)?.trim().slice(0, max) ?? '';
  const area = enums.areas.some((a) => a.key === q('area', 20)) ? q('area', 20) : q('from', 20) === 'greening' ? 'greening' : 'safety';
  const input = {
    area,
    room: q('room', 60),
    description: q('description', 500),
    patrolId: q('patrol', 40),
    owner: c.var.person!.name,
    deadline: addDays(localDate(), repairRules.hazardDays),
  };
  return render(c, 'repairs/hazard-form', await hazardForm(c, input, {}));
});

patrolRoutes.post('/hazards', requireRole(...logistics), async (c) => {
  const person = signedIn(c);
  const form = await readForm(c);
  const fields = form.fields();
  const input: Record<string, string> = {};
  for (const key of ['area', 'room', 'description', 'owner', 'deadline', 'patrolId']) input[key] = fields[key] ?? '';
  const { values, errors } = validateInput(hazardTab, { ...input, status: 'open' }, { partial: true });
  const { rooms, people } = await c.var.data.read(['rooms', 'people']);
  checkRoom(rooms, input.room ?? '', values, errors);
  if (!errors.owner && !workers(people).some((w) => w.name === values.owner)) errors.owner = bilingual('repairs.ownerRequired');
  if (!errors.deadline && typeof values.deadline === 'string' && values.deadline < localDate())
    errors.deadline = { zh: '整改期限不能早于今天', en: 'The deadline cannot be in the past' };
  if (Object.keys(errors).length > 0) return render(c, 'repairs/hazard-form', await hazardForm(c, input, errors), { status: 422 });
  const now = localDateTime();
  const receipt = await writes(c).append(
    'hazards',
    {
      ...values,
      id: newRowId('H'),
      foundAt: now,
      foundBy: person.name,
      status: 'open',
      patrolId: (values.patrolId ?? '') || null,
      updatedAt: now,
      updatedBy: person.name,
    },
    'hazard.record',
    form.key('hazard.record'),
  );
  if (!isHtmx(c)) return c.redirect(`/repairs/hazards/${encodeURIComponent(receipt.rowId)}?saved=1`, 303);
  return hazardDetail(c, receipt.rowId, { saved: t(c.var.locale, 'repairs.hazardSaved', { id: receipt.rowId }) });
});

patrolRoutes.get('/hazards/:id', requireRole(...roles.everyone), (c) =>
  hazardDetail(c, c.req.param('id'), {
    saved: c.req.query('saved') ? t(c.var.locale, 'repairs.hazardSaved', { id: c.req.param('id') }) : null,
  }),
);

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The hazard of `/repairs/hazards/:id/…`, read fresh. */
    hazard: RowFor<'hazards'>;
  }
}

/** Preamble: the hazard, read fresh (its state decides the step), or the not-found page. */
const freshHazard = loads('hazard', {
  load: async (c) => (await c.var.data.read(['hazards'], { fresh: true })).hazards.rows.find((h) => h.id === c.req.param('id')),
  missing: (c) => hazardNotFound(c, c.req.param('id') ?? ''),
});

patrolRoutes.post('/hazards/:id/:step{rectify|verify}', requireRole(...logistics), freshHazard, async (c) => {
  const person = signedIn(c);
  const row = c.var.hazard;
  const id = row.id;
  const step = c.req.param('step') === 'rectify' ? 'rectify' : 'verify';
  const form = await readForm(c);
  const fields = form.fields();
  const refuse = (key: MessageKey, status: number) => hazardDetail(c, id, { actionError: bilingual(key) }, status);
  const now = localDateTime();
  let changes: RowChanges<'hazards'>;
  if (step === 'rectify') {
    if (person.role !== 'head' && row.values.owner !== person.name) return refuse('repairs.hazardOwnerOnly', 403);
    if (row.values.status !== 'open') return refuse('repairs.hazardState', 409);
    const { values, errors } = validateInput(hazardTab, { rectification: fields.rectification ?? '' }, { partial: true });
    if (!values.rectification && !errors.rectification) errors.rectification = { zh: '请写明如何整改', en: 'Say what was done' };
    if (errors.rectification) return hazardDetail(c, id, { formError: errors.rectification, input: fields }, 422);
    changes = { status: 'rectified', rectification: String(values.rectification), rectifiedAt: now };
  } else {
    if (person.role !== 'head') return refuse('repairs.hazardHeadOnly', 403);
    if (row.values.status !== 'rectified') return refuse('repairs.hazardState', 409);
    changes =
      fields.decision === 'reject' ? { status: 'open', rectifiedAt: null } : { status: 'closed', verifiedAt: now, verifiedBy: person.name };
  }
  await writes(c).update(
    'hazards',
    id,
    { ...changes, updatedAt: now, updatedBy: person.name },
    `hazard.${step}`,
    form.key(`hazard.${step}`, id),
  );
  if (!isHtmx(c)) return c.redirect(`/repairs/hazards/${encodeURIComponent(id)}`, 303);
  return hazardDetail(c, id, {});
});

async function hazardDetail(c: Ctx, id: string, extra: Record<string, unknown>, status = 200) {
  const person = signedIn(c);
  const { hazards } = await c.var.data.read(['hazards']);
  const row = hazards.rows.find((h) => h.id === id);
  if (!row) return hazardNotFound(c, id);
  return render(
    c,
    'repairs/hazard',
    {
      title: row.id,
      row,
      overdue: overdue(row, localDate()),
      canRectify: row.values.status === 'open' && (person.role === 'head' || (person.role === 'staff' && row.values.owner === person.name)),
      canVerify: row.values.status === 'rectified' && person.role === 'head',
      cols: hazardCols,
      formKey: crypto.randomUUID(),
      ...enums,
      ...extra,
    },
    { status },
  );
}

function hazardNotFound(c: Ctx, id: string) {
  return render(
    c,
    'error',
    { title: t(c.var.locale, 'repairs.hazards'), message: t(c.var.locale, 'repairs.hazardNotFound', { id }) },
    { status: 404 },
  );
}

async function hazardForm(c: Ctx, input: Record<string, string>, errors: Record<string, Text>) {
  const { rooms, people } = await c.var.data.read(['rooms', 'people']);
  return {
    title: t(c.var.locale, 'repairs.hazardNew'),
    input,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    rooms: roomNames(rooms),
    owners: workers(people),
    cols: hazardCols,
    formKey: crypto.randomUUID(),
    ...enums,
  };
}
