/**
 * Repair requests: report (phone first, pre-filled from an asset or room QR), the head's
 * board, my requests, my jobs, the holiday plan, history per asset and room, and the
 * workflow reported → assigned → in progress → done → signed off (or reopened / escalated).
 * The 报修单 tab holds the current state (the sheet's status is the truth: it is read
 * fresh before every step); 维修记录 keeps every step, attributed and time-stamped.
 */
import { Hono } from 'hono';
import { repairs as repairTab, type EnumKey, type repairStatuses } from '../../../sheets-schema/index.js';
import {
  bilingual,
  daysBetween,
  isHtmx,
  loads,
  localDateTime,
  newRowId,
  notify,
  PHOTO_EXTENSIONS,
  photoResponse,
  readForm,
  render,
  requireRole,
  requireSignedIn,
  roles,
  schoolCalendar,
  signedIn,
  t,
  tapTime,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type Person,
  type RowChanges,
  type RowFor,
  type SchoolCalendar,
  type TableFor,
  type Text,
} from '../../core/kit.js';
import { checkAction, finished, isReporter, isWorker, repairRules, repeatFailures, serviceLevel, type RepairAction } from './model.js';
import { checkPhotos, photoPaths, storePhotos } from './photos.js';
import { repairParams } from './notices.js';
import { checkRoom, enums, roomNames, workers, workersFor } from './shared.js';

export const repairRoutes = new Hono<AppEnv>();

const reportFields = ['room', 'asset', 'category', 'description', 'urgency'] as const;
const actions: readonly RepairAction[] = ['assign', 'start', 'done', 'escalate', 'signoff', 'reopen'];
type Repair = RowFor<'repairs'>;

/** A row as the lists show it: service level, age, repeat flag. */
function listRow(row: Repair, calendar: SchoolCalendar, now: string, flagged: Set<string>) {
  const sla = serviceLevel(row.values, calendar, now);
  const at = row.values.reportedAt;
  return {
    id: row.id,
    values: row.values,
    due: sla.due,
    sla: sla.state,
    age: typeof at === 'string' ? daysBetween(at.slice(0, 10), now.slice(0, 10)) : null,
    repeat: flagged.has(row.id),
    open: !finished(row.values.status),
  };
}

type ListMode = 'board' | 'mine' | 'jobs' | 'holiday' | 'asset' | 'room';

async function list(c: Ctx, mode: ListMode, pick: (r: Repair, p: Person) => boolean, title: string, extra: Record<string, unknown> = {}) {
  const person = signedIn(c);
  const { repairs, calendar } = await c.var.data.read(['repairs', 'calendar']);
  const cal = schoolCalendar(calendar);
  const now = localDateTime();
  const { flagged, groups } = repeatFailures(repairs.rows, now.slice(0, 10));
  const status = c.req.query('status') ?? (mode === 'board' ? 'open' : 'all');
  let rows = repairs.rows.filter((r) => pick(r, person)).map((r) => listRow(r, cal, now, flagged));
  const counts = Object.fromEntries(enums.statuses.map((s) => [s.key, rows.filter((r) => r.values.status === s.key).length]));
  const breaches = rows.filter((r) => r.open && r.sla === 'breached').length;
  if (status === 'open') rows = rows.filter((r) => r.open);
  else if (status !== 'all') rows = rows.filter((r) => r.values.status === status);
  // Breaches first, then the oldest: what the head must see first.
  rows.sort(
    (a, b) =>
      Number(b.sla === 'breached' && b.open) - Number(a.sla === 'breached' && a.open) ||
      String(a.values.reportedAt).localeCompare(String(b.values.reportedAt)),
  );
  if (mode !== 'board' && mode !== 'jobs' && mode !== 'holiday') rows.reverse();
  return render(c, 'repairs/list', {
    title,
    mode,
    rows,
    count: rows.length,
    counts: enums.statuses.map((s) => ({ key: s.key, label: s, count: counts[s.key] ?? 0, current: s.key === status })),
    status,
    breaches,
    repeatGroups: mode === 'board' ? groups : [],
    isBoard: mode === 'board',
    isJobs: mode === 'jobs',
    isHoliday: mode === 'holiday',
    canReport: person.role !== 'leader',
    ...enums,
    cols: colTexts,
    ...extra,
  });
}

const colTexts = Object.fromEntries(repairTab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));

repairRoutes.get('/', requireRole(...roles.everyone), async (c) => {
  const asset = c.req.query('asset')?.trim().slice(0, 40);
  const room = c.req.query('room')?.trim().slice(0, 60);
  if (asset)
    return list(c, 'asset', (r) => (r.values.asset ?? '').trim() === asset, t(c.var.locale, 'repairs.historyAsset', { tag: asset }), {
      history: { asset },
    });
  if (room)
    return list(c, 'room', (r) => (r.values.room ?? '').trim() === room, t(c.var.locale, 'repairs.historyRoom', { room }), {
      history: { room },
    });
  return list(c, 'board', () => true, t(c.var.locale, 'repairs.board'));
});

repairRoutes.get('/mine', requireRole(...roles.writers), (c) =>
  list(c, 'mine', (r, p) => isReporter(r.values, p), t(c.var.locale, 'repairs.mine')),
);

repairRoutes.get('/jobs', requireRole(...roles.office), (c) =>
  list(c, 'jobs', (r, p) => isWorker(r.values, p) && !finished(r.values.status), t(c.var.locale, 'repairs.jobs')),
);

repairRoutes.get('/holiday', requireRole(...roles.everyone), (c) =>
  list(c, 'holiday', (r) => r.values.holiday === true && !finished(r.values.status), t(c.var.locale, 'repairs.holiday')),
);

repairRoutes.get('/new', requireRole(...roles.writers), async (c) => {
  const q = (k: string, max: number) => c.req.query(k)?.trim().slice(0, max) ?? '';
  const input: Record<string, string> = {
    room: q('room', 60),
    asset: q('asset', 20),
    category: q('category', 30),
    urgency: 'small',
    description: q('description', 500),
  };
  const from = q('from', 20);
  const area = q('area', 30);
  input.source = from ? `${from}${area ? `:${area}` : ''}` : '';
  // From an asset QR: the asset's own room is the location.
  if (input.asset && !input.room) {
    const { assets } = await c.var.data.read(['assets']);
    const found = assets.rows.find((r) => r.id.toUpperCase() === input.asset!.toUpperCase());
    if (found) {
      input.asset = found.id;
      input.room = found.values.room ?? '';
    }
  }
  return render(c, 'repairs/form', await formData(c, input, {}));
});

repairRoutes.post('/', requireRole(...roles.writers), async (c) => {
  const person = signedIn(c);
  const form = await readForm(c);
  const fields = form.fields();
  // The time of the tap, which the phone's outbox may send later (src/core/pwa/tap-time.ts).
  const tapped = tapTime(c, fields.tapped_at);
  const input: Record<string, string> = {};
  for (const key of reportFields) input[key] = fields[key] ?? '';
  input.source = (fields.source ?? '').slice(0, 60);
  const holiday = fields.holiday === 'on' || fields.holiday === '1';
  const { values, errors } = validateInput(repairTab, { ...input, status: 'reported' }, { partial: true });
  // 报修单 read too: a report that would fill a column staff renamed is refused before it is queued (refuseMissing).
  const { rooms, assets } = await c.var.data.read(['rooms', 'assets', 'repairs']);
  checkRoom(rooms, input.room ?? '', values, errors);
  if (!errors.asset && input.asset?.trim()) {
    const asset = assets.rows.find((r) => r.id.toUpperCase() === input.asset!.trim().toUpperCase());
    if (!asset) errors.asset = bilingual('repairs.unknownAsset', { tag: input.asset.trim() });
    else values.asset = asset.id;
  }
  const checked = await checkPhotos(form.files('photos'));
  if (checked.error) errors.photos = checked.error;
  if (Object.keys(errors).length > 0) {
    return render(c, 'repairs/form', await formData(c, { ...input, holiday: holiday ? 'on' : '' }, errors), { status: 422 });
  }
  const id = newRowId('R');
  let photos: string[] = [];
  if (checked.photos.length > 0) {
    if (!c.env.PHOTOS) {
      errors.photos = bilingual('repairs.photoStoragePhotosNot');
      return render(c, 'repairs/form', await formData(c, { ...input, holiday: holiday ? 'on' : '' }, errors), { status: 422 });
    }
    photos = await storePhotos(c.env.PHOTOS, id, checked.photos, new URL(c.req.url).origin);
  }
  const now = tapped.local;
  const idempotencyKey = form.key('repair.report');
  const receipt = await writes(c).append(
    'repairs',
    {
      ...values,
      id,
      reportedAt: now,
      reporter: person.name,
      reporterId: person.id,
      status: 'reported',
      // Left blank unless ticked (blank reads as "no"): a report still goes in while staff have renamed the column.
      holiday: holiday || null,
      photos: photos.join('\n'),
      source: input.source || null,
      updatedAt: now,
      updatedBy: person.name,
    },
    'repair.report',
    idempotencyKey,
  );
  if (!receipt.duplicate) {
    await event(c, receipt.rowId, 'report', 'reported', values.description ?? '', `${idempotencyKey}:event`);
    await notify(c, {
      event: 'repairs.reported',
      id: `${idempotencyKey}:notify`,
      to: ['role:head'],
      params: repairParams(receipt.rowId, { ...values, reporter: person.name }),
      href: `/repairs/${receipt.rowId}`,
    });
  }
  if (!isHtmx(c)) return c.redirect(`/repairs/${encodeURIComponent(receipt.rowId)}?saved=report`, 303);
  return detail(c, receipt.rowId, { saved: t(c.var.locale, 'repairs.saved', { id: receipt.rowId }) });
});

/** Photos from the bucket, to signed-in people only. */
repairRoutes.get('/photos/:id/:file', requireSignedIn(), async (c) => {
  const key = `${c.req.param('id')}/${c.req.param('file')}`;
  return photoResponse(c, new RegExp(`^[A-Za-z0-9-]+/\\d+\\.(${PHOTO_EXTENSIONS})$`).test(key) ? key : null);
});

repairRoutes.get('/:id', requireRole(...roles.everyone), async (c) => {
  const saved = c.req.query('saved');
  const message =
    saved === 'report'
      ? t(c.var.locale, 'repairs.saved', { id: c.req.param('id') })
      : saved
        ? t(c.var.locale, 'repairs.stepSaved', { step: stepLabel(c, saved) })
        : null;
  return detail(c, c.req.param('id'), { saved: message });
});

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The request of `/repairs/:id/…`, read fresh, and the people (to assign a worker). */
    repairStep: { row: Repair; people: TableFor<'people'> };
  }
}

/**
 * Preamble: the request, read fresh (a status staff just typed into the sheet wins over whatever
 * the page showed), or the not-found page.
 */
const freshRepair = loads('repairStep', {
  load: async (c) => {
    const { repairs, people } = await c.var.data.read(['repairs', 'people'], { fresh: true });
    const row = repairs.rows.find((r) => r.id === c.req.param('id'));
    return row && { row, people };
  },
  missing: (c) => notFound(c, c.req.param('id') ?? ''),
});

repairRoutes.post('/:id/holiday', requireRole(...roles.head), freshRepair, async (c) => {
  const person = signedIn(c);
  const id = c.var.repairStep.row.id;
  const form = await readForm(c);
  const holiday = form.text('holiday') === '1';
  await writes(c).update(
    'repairs',
    id,
    { holiday, updatedAt: localDateTime(), updatedBy: person.name },
    'repair.holiday',
    form.key('repair.holiday', id),
  );
  return back(c, id, 'holiday');
});

repairRoutes.post(`/:id/:action{${actions.join('|')}}`, requireRole(...roles.writers), freshRepair, async (c) => {
  const person = signedIn(c);
  const { row, people } = c.var.repairStep;
  const id = row.id;
  const action = c.req.param('action') as RepairAction;
  const form = await readForm(c);
  const fields = form.fields();
  const check = checkAction(row.values, action, person);
  if (!check.ok) return detail(c, id, { actionError: check.reason }, check.status);

  const now = localDateTime();
  const changes: RowChanges<'repairs'> = { status: check.to, updatedAt: now, updatedBy: person.name };
  const note = (fields.note ?? '').trim();
  const errors: Record<string, Text> = {};
  if (action === 'assign') {
    const worker = workers(people).find((w) => w.id === fields.workerId);
    if (!worker) errors.workerId = bilingual('repairs.workerRequired');
    else Object.assign(changes, { worker: worker.name, workerId: worker.id });
  } else if (action === 'done') {
    const done = validateInput(
      repairTab,
      { notes: fields.notes ?? '', parts: fields.parts ?? '', cost: fields.cost ?? '' },
      { partial: true },
    );
    Object.assign(errors, done.errors);
    Object.assign(changes, done.values, { doneAt: now });
  } else if (action === 'signoff') {
    changes.signedAt = now;
    // The reporter's 1–5 rating of the repair (optional; summarised per worker per month).
    if (fields.rating) {
      const rating = Number(fields.rating);
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) errors.rating = bilingual('repairs.ratingRange');
      else changes.rating = rating;
    }
  } else if (action === 'reopen' || action === 'escalate') {
    if (!note) errors.note = bilingual('repairs.noteRequired');
    if (action === 'reopen') Object.assign(changes, { doneAt: null, signedAt: null });
  }
  const noteCheck = validateInput(repairTab, { notes: note }, { partial: true });
  if (noteCheck.errors.notes) errors.note = noteCheck.errors.notes;
  if (Object.keys(errors).length > 0) return detail(c, id, { formErrors: errors, formAction: action, input: fields }, 422);

  const idempotencyKey = form.key(`repair.${action}`, id);
  const receipt = await writes(c).update('repairs', id, changes, `repair.${action}`, idempotencyKey);
  const eventNote =
    action === 'assign'
      ? String(changes.worker)
      : action === 'done'
        ? [changes.notes, changes.parts, typeof changes.cost === 'number' ? `¥${changes.cost}` : null].filter(Boolean).join('；')
        : note;
  if (!receipt.duplicate) {
    await event(c, id, action, check.to, eventNote, `${idempotencyKey}:event`);
    const after = { ...row.values, ...changes };
    if (action === 'assign')
      await notify(c, {
        event: 'repairs.assigned',
        id: `${idempotencyKey}:notify`,
        to: [String(changes.workerId)],
        params: repairParams(id, after),
        href: `/repairs/${id}`,
      });
    const reporter = (row.values.reporterId ?? '').trim() || (row.values.reporter ?? '').trim();
    if (action === 'escalate')
      await notify(c, {
        event: 'repairs.escalated',
        id: `${idempotencyKey}:notify`,
        to: ['role:leader'],
        params: { ...repairParams(id, after), note: note.slice(0, 200) },
        href: `/repairs/${id}`,
      });
    if (action === 'done' && reporter)
      await notify(c, {
        event: 'repairs.done',
        id: `${idempotencyKey}:notify`,
        to: [reporter],
        params: repairParams(id, after),
        href: `/repairs/${id}`,
      });
  }
  return back(c, id, action);
});

function back(c: Ctx, id: string, step: string) {
  if (!isHtmx(c)) return c.redirect(`/repairs/${encodeURIComponent(id)}?saved=${step}`, 303);
  return detail(c, id, { saved: t(c.var.locale, 'repairs.stepSaved', { step: stepLabel(c, step) }) });
}

function stepLabel(c: Ctx, step: string): string {
  if (step === 'holiday') return t(c.var.locale, 'repairs.setHoliday');
  return actions.includes(step as RepairAction) ? t(c.var.locale, `repairs.${step as RepairAction}`) : '';
}

/** Append one row to 维修记录. */
export async function event(
  c: Ctx,
  repairId: string,
  action: string,
  status: EnumKey<typeof repairStatuses>,
  note: string,
  idempotencyKey: string,
) {
  const person = signedIn(c);
  await writes(c).append(
    'repairEvents',
    {
      id: newRowId('RE'),
      repairId,
      time: localDateTime(),
      person: person.name,
      personId: person.id,
      action,
      status,
      note: note.slice(0, 1000) || null,
    },
    `repair.event.${action}`,
    idempotencyKey,
  );
}

function notFound(c: Ctx, id: string) {
  return render(
    c,
    'error',
    { title: t(c.var.locale, 'repairs.title'), message: t(c.var.locale, 'repairs.notFound', { id }) },
    { status: 404 },
  );
}

/** The detail page: the request, its photos, its steps, and the actions this person may take now. */
async function detail(c: Ctx, id: string, extra: Record<string, unknown>, status = 200) {
  const person = signedIn(c);
  const { repairs, repairEvents, people, calendar } = await c.var.data.read(['repairs', 'repairEvents', 'people', 'calendar']);
  const row = repairs.rows.find((r) => r.id === id);
  if (!row) return notFound(c, id);
  const now = localDateTime();
  const { flagged } = repeatFailures(repairs.rows, now.slice(0, 10));
  const item = listRow(row, schoolCalendar(calendar), now, flagged);
  const can = Object.fromEntries(actions.map((a) => [a, checkAction(row.values, a, person).ok && person.role !== 'leader']));
  const events = repairEvents.rows
    .filter((e) => e.values.repairId === id)
    .sort((a, b) => String(a.values.time).localeCompare(String(b.values.time)));
  const problem = repairs.problems.find((p) => p.rowId === id && p.column === 'status');
  return render(
    c,
    'repairs/detail',
    {
      title: `${row.id}`,
      row: item,
      photos: photoPaths(row.values.photos),
      events,
      can,
      canHoliday: person.role === 'head' && !finished(row.values.status),
      workers: workersFor(people, row.values.category),
      sheetTitle: repairs.title,
      statusProblem: problem ?? null,
      cols: colTexts,
      formKey: crypto.randomUUID(),
      ratings: [5, 4, 3, 2, 1],
      ...enums,
      ...extra,
    },
    { status },
  );
}

async function formData(c: Ctx, input: Record<string, string>, errors: Record<string, Text>) {
  // 报修单 is read too so a column missing from it is said on the form (`column-warn`), before saving.
  const { rooms } = await c.var.data.read(['rooms', 'repairs']);
  return {
    title: t(c.var.locale, 'repairs.new'),
    input,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    rooms: roomNames(rooms),
    formKey: crypto.randomUUID(),
    photoHint: { count: repairRules.maxPhotos, kb: Math.round(repairRules.photoMaxBytes / 1024) },
    fromGreening: input.source?.startsWith('greening') ? input.source.slice('greening:'.length) : null,
    cols: colTexts,
    ...enums,
  };
}
