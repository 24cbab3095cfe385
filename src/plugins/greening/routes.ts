/**
 * Greening pages: what is due (today / this week / overdue), a month calendar, the areas
 * and their public plant-label pages, the plans as understood, term schedule generation,
 * holiday watering duty, and phone check-ins from an area's QR code.
 */
import { Hono, type Context } from 'hono';
import { careCheckins, careTaskStatuses, careTaskTypes, checkinOutcomes, greenAreas } from '../../../sheets-schema/index.js';
import {
  addDays,
  describeRule,
  monthRange,
  newRowId,
  previousMonth,
  publicRoute,
  qrDataUri,
  render,
  requireRole,
  requireSignedIn,
  roles,
  t,
  tapTime,
  validateInput,
  type AppEnv,
  type Term,
  type Text,
  type Values,
} from '../../core/kit.js';
import { clock, today } from './clock.js';
import { followUpDate, issueText, planSchedule, taskId, type Area } from './plans.js';
import { loadState, type GreeningState } from './state.js';
import { buckets, tasksBetween, weekOf, type TaskView } from './tasks.js';

type C = Context<AppEnv>;
const everyone = ['head', 'staff', 'class_head', 'teacher', 'leader'] as const;
const areaCols = Object.fromEntries(greenAreas.columns.map((col) => [col.key, col]));

export const greeningRoutes = new Hono<AppEnv>();

const view = {
  taskTypes: careTaskTypes,
  statuses: careTaskStatuses,
  areaTypes: greenAreas.columns.find((col) => col.key === 'type')?.allowed,
  partyKinds: greenAreas.columns.find((col) => col.key === 'partyKind')?.allowed,
};

greeningRoutes.get('/', requireRole(...everyone), async (c) => {
  const state = await loadState(c.var.data);
  const day = today();
  const b = buckets(state, day);
  return render(c, 'greening/index', {
    title: t(c.var.locale, 'greening.title'),
    ...view,
    ...b,
    day,
    issues: state.issues.map(issueText),
    canPlan: c.var.person!.role === 'head' || c.var.person!.role === 'staff',
  });
});

greeningRoutes.get('/calendar', requireRole(...everyone), async (c) => {
  const day = today();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(c.req.query('month') ?? '') ? c.req.query('month')! : day.slice(0, 7);
  const state = await loadState(c.var.data);
  const { first, last } = monthRange(month);
  const gridStart = weekOf(first).start;
  const gridEnd = weekOf(last).end;
  const tasks = tasksBetween(state, gridStart, gridEnd, day);
  const weeks: Array<{ days: unknown[] }> = [];
  for (let d = gridStart; d <= gridEnd; d = addDays(d, 7)) {
    const days = [];
    for (let i = 0; i < 7; i++) {
      const date = addDays(d, i);
      const onDay = tasks.filter((task) => task.due === date && task.status !== 'cancelled');
      days.push({
        iso: date,
        day: Number(date.slice(8)),
        inMonth: date >= first && date <= last,
        isToday: date === day,
        school: state.calendar.isSchoolDay(date),
        tasks: onDay.filter((task) => !task.routine),
        routine: routineGroups(onDay.filter((task) => task.routine)),
      });
    }
    weeks.push({ days });
  }
  const next = monthRange(month).last;
  return render(c, 'greening/calendar', {
    title: `${t(c.var.locale, 'greening.calendar')} ${month}`,
    ...view,
    month,
    weeks,
    prev: previousMonth(month),
    next: addDays(next, 1).slice(0, 7),
    weekdays: t(c.var.locale, 'greening.weekdays').split(','),
  });
});

/** Routine days are shown per task type: "除草 5 (3 ✓)". */
function routineGroups(tasks: TaskView[]) {
  const groups = new Map<string, { task: string; count: number; done: number }>();
  for (const task of tasks) {
    const g = groups.get(task.task) ?? { task: task.task, count: 0, done: 0 };
    g.count++;
    if (task.status === 'done' || task.status === 'skipped') g.done++;
    groups.set(task.task, g);
  }
  return [...groups.values()];
}

greeningRoutes.get('/areas', requireRole(...everyone), async (c) => {
  const state = await loadState(c.var.data);
  return render(c, 'greening/areas', {
    title: t(c.var.locale, 'greening.areas'),
    ...view,
    areas: state.areaList,
    cols: areaCols,
    issues: state.issues.filter((i) => i.sheet === state.tables.greenAreas.title).map(issueText),
    sheetTitle: state.tables.greenAreas.title,
  });
});

/** The plant label's QR target: species and care notes for anyone (science lessons); check-in for people signed in. */
greeningRoutes.get('/a/:id', publicRoute(), async (c) => {
  const id = c.req.param('id');
  const state = await loadState(c.var.data);
  const area = state.areas.get(id);
  if (!area)
    return render(
      c,
      'error',
      { title: t(c.var.locale, 'greening.areas'), message: t(c.var.locale, 'greening.areaNotFound', { id }) },
      { status: 404 },
    );
  const person = c.var.person;
  const day = today();
  let open: TaskView[] = [];
  let later: TaskView[] = [];
  let recent: unknown[] = [];
  if (person) {
    const b = buckets(state, day);
    // Only what is due by today can be checked in; later this week is shown, without ✓.
    open = [...b.overdue, ...b.today].filter((task) => task.area === id);
    later = b.week.filter((task) => task.area === id);
    recent = state.checkins
      .filter((r) => r.values.area === id)
      .slice(-5)
      .reverse()
      .map((r) => r.values);
  }
  return render(c, 'greening/area', {
    title: area.name,
    ...view,
    area,
    v: area.values,
    open,
    later,
    recent,
    outcomes: checkinOutcomes,
    signedIn: Boolean(person),
    canCheckIn: Boolean(person) && person!.role !== 'leader',
    formKey: crypto.randomUUID(),
    next: `/greening/a/${encodeURIComponent(id)}`,
  });
});

// Plant labels: whoever may write (a class head teaches too); the areas page shows the button to them alone.
greeningRoutes.get('/labels', requireRole(...roles.writers), async (c) => {
  const state = await loadState(c.var.data);
  const wanted = new Set(
    (c.req.query('ids') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const origin = new URL(c.req.url).origin;
  const labels = state.areaList
    .filter((a) => (wanted.size ? wanted.has(a.id) : true))
    .map((a) => ({ area: a, v: a.values, qr: qrDataUri(`${origin}/greening/a/${encodeURIComponent(a.id)}`) }));
  return render(c, 'greening/labels', { title: t(c.var.locale, 'greening.labels'), ...view, labels });
});

greeningRoutes.get('/plans', requireRole('head', 'staff', 'leader'), async (c) => {
  const state = await loadState(c.var.data);
  const plans = state.planList.map((p) => ({
    ...p,
    understood: describeRule(p.rule),
    areaNames: p.areas.map((id) => state.areas.get(id)?.name ?? id),
  }));
  return render(c, 'greening/plans', {
    title: t(c.var.locale, 'greening.plans'),
    ...view,
    plans,
    issues: state.issues.filter((i) => i.sheet === state.tables.carePlans.title).map(issueText),
  });
});

function chooseTerm(state: GreeningState, wanted: string | undefined): Term | null {
  const terms = state.calendar.terms;
  if (wanted) return terms.find((term) => term.id === wanted) ?? null;
  const day = today();
  return state.calendar.termOf(day) ?? terms.find((term) => term.start > day) ?? terms.at(-1) ?? null;
}

async function generation(c: C, write: boolean) {
  const body = write ? await c.req.parseBody() : {};
  const state = await loadState(c.var.data, { fresh: write });
  const termId = String(body.term ?? c.req.query('term') ?? '') || undefined;
  const term = chooseTerm(state, termId);
  const base = { title: t(c.var.locale, 'greening.generate'), ...view, terms: state.calendar.terms, formKey: crypto.randomUUID() };
  if (!term) return render(c, 'greening/generate', { ...base, noTerm: true }, { status: write ? 422 : 200 });
  const plan = planSchedule({
    term,
    calendar: state.calendar,
    holidays: state.holidays,
    plans: state.planList,
    areas: state.areas,
    tasks: state.tasks,
    sheet: state.tables.carePlans.title,
  });
  if (write) {
    const person = c.var.person!;
    const actor = { id: person.id, name: person.name };
    const nonce = typeof body._key === 'string' && body._key ? body._key : crypto.randomUUID();
    // Deterministic task IDs and per-form idempotency keys: a double submit writes nothing twice.
    await inChunks(plan.appends, (values) =>
      c.var.data.append('careTasks', values, { idempotencyKey: `greening.task:${values.id}:${nonce}`, actor, action: 'greening.generate' }),
    );
    await inChunks(plan.cancels, (id) =>
      c.var.data.update(
        'careTasks',
        id,
        { status: 'cancelled' },
        { idempotencyKey: `greening.cancel:${id}:${nonce}`, actor, action: 'greening.cancel' },
      ),
    );
  }
  const totals = plan.outcomes.reduce(
    (s, o) => ({ created: s.created + o.created, kept: s.kept + o.kept, cancelled: s.cancelled + o.cancelled }),
    { created: 0, kept: 0, cancelled: 0 },
  );
  const errors = plan.issues.map(issueText);
  return render(c, 'greening/generate', {
    ...base,
    term,
    written: write,
    totals,
    outcomes: plan.outcomes,
    issues: [...errors, ...state.issues.map(issueText)],
    info: plan.info,
  });
}

async function inChunks<T>(items: readonly T[], fn: (item: T) => Promise<unknown>, size = 25): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

greeningRoutes.get('/generate', requireRole('head', 'staff'), (c) => generation(c, false));
greeningRoutes.post('/generate', requireRole('head', 'staff'), (c) => generation(c, true));

greeningRoutes.get('/holidays', requireRole(...everyone), async (c) => {
  const state = await loadState(c.var.data);
  const term = chooseTerm(state, c.req.query('term') || undefined);
  const holidayPlans = new Set(state.planList.filter((p) => p.rule.scope === 'holiday').map((p) => p.id));
  let duty: TaskView[] = [];
  if (term) {
    const next = state.calendar.terms.find((x) => x.start > term.end);
    const end = next ? addDays(next.start, -1) : addDays(term.end, 60);
    duty = tasksBetween(state, term.start, end, today()).filter((task) => holidayPlans.has(task.plan) && task.status !== 'cancelled');
  }
  return render(c, 'greening/holidays', { title: t(c.var.locale, 'greening.holidays'), ...view, term, terms: state.calendar.terms, duty });
});

/** The task a check-in is about: a schedule row, or one routine day of an every-school-day plan. */
function findTarget(
  state: GreeningState,
  q: Record<string, string | undefined>,
  day: string,
): { task: TaskView | null; area: Area | null } {
  if (q.task) {
    const row = state.tasks.find((r) => r.id === q.task);
    if (!row || typeof row.values.due !== 'string') return { task: null, area: null };
    const task = tasksBetween({ ...state, tasks: [row], plans: [] }, row.values.due, row.values.due, day)[0] ?? null;
    return { task, area: state.areas.get(String(row.values.area)) ?? null };
  }
  const area = state.areas.get(q.area ?? '') ?? null;
  if (q.plan && q.date && /^\d{4}-\d{2}-\d{2}$/.test(q.date)) {
    const plan = state.planList.find((p) => p.id === q.plan && p.rule.kind === 'daily');
    const task = plan
      ? (tasksBetween({ ...state, tasks: [], plans: [plan] }, q.date, q.date, day).find((x) => x.area === q.area) ?? null)
      : null;
    return { task, area };
  }
  return { task: null, area };
}

function targetQuery(q: Record<string, string | undefined>) {
  return { task: q.task ?? '', plan: q.plan ?? '', area: q.area ?? '', date: q.date ?? '' };
}

greeningRoutes.get('/checkin', requireSignedIn(), async (c) => {
  const q = targetQuery(c.req.query());
  const state = await loadState(c.var.data);
  const { task, area } = findTarget(state, q, today());
  if (!area || ((q.task || q.plan) && !task)) return notFound(c, q);
  return render(c, 'greening/checkin', {
    title: `${t(c.var.locale, 'greening.checkin')} · ${area.name}`,
    ...view,
    task,
    area,
    q,
    outcomes: checkinOutcomes,
    input: { outcome: c.req.query('outcome') ?? '' },
    errors: {},
    formKey: crypto.randomUUID(),
  });
});

function notFound(c: C, q: ReturnType<typeof targetQuery>) {
  const message = q.task
    ? t(c.var.locale, 'greening.taskNotFound', { id: q.task })
    : q.plan
      ? t(c.var.locale, 'greening.notRoutine')
      : t(c.var.locale, 'greening.areaNotFound', { id: q.area });
  return render(c, 'error', { title: t(c.var.locale, 'greening.checkin'), message }, { status: 404 });
}

greeningRoutes.post('/checkin', requireRole('head', 'staff', 'class_head', 'teacher'), async (c) => {
  const body = await c.req.parseBody();
  const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const q = { task: field('task'), plan: field('plan'), area: field('area'), date: field('date') };
  // The time of the tap, which the phone's outbox may send later (src/core/pwa/tap-time.ts).
  const tap = tapTime(c, body.tapped_at, clock.now());
  const day = tap.local.slice(0, 10);
  const state = await loadState(c.var.data, { fresh: true });
  const { task, area } = findTarget(state, q, day);
  if (!area || ((q.task || q.plan) && !task)) return notFound(c, q);

  const input = { outcome: field('outcome'), reason: field('reason'), problem: field('problem') };
  const { values, errors } = validateInput(careCheckins, input, { partial: true });
  const message: Record<string, Text> = { ...errors };
  if (!values.outcome && !errors.outcome)
    message.outcome = { zh: t('zh-CN', 'greening.outcomeRequired'), en: t('en', 'greening.outcomeRequired') };
  if (values.outcome === 'skipped' && !values.reason && !errors.reason)
    message.reason = { zh: t('zh-CN', 'greening.reasonRequired'), en: t('en', 'greening.reasonRequired') };
  if (values.outcome === 'problem' && !values.problem && !errors.problem)
    message.problem = { zh: t('zh-CN', 'greening.problemRequired'), en: t('en', 'greening.problemRequired') };
  if (task && task.due > day && values.outcome === 'done' && !message.outcome)
    message.outcome = { zh: t('zh-CN', 'greening.notDueYet', { date: task.due }), en: t('en', 'greening.notDueYet', { date: task.due }) };
  if (!task && values.outcome !== 'problem' && !message.outcome)
    message.outcome = { zh: t('zh-CN', 'greening.problemRequired'), en: t('en', 'greening.problemRequired') };
  if (Object.keys(message).length > 0) {
    return render(
      c,
      'greening/checkin',
      {
        title: `${t(c.var.locale, 'greening.checkin')} · ${area.name}`,
        ...view,
        task,
        area,
        q,
        outcomes: checkinOutcomes,
        input,
        errors: message,
        hasErrors: true,
        formKey: field('_key') || crypto.randomUUID(),
      },
      { status: 422 },
    );
  }

  const person = c.var.person!;
  const actor = { id: person.id, name: person.name };
  const key = field('_key') || crypto.randomUUID();
  const outcome = String(values.outcome);
  const checkin: Values = {
    id: newRowId('GK'),
    at: tap.local,
    date: task?.due ?? day,
    area: area.id,
    taskType: task?.task ?? null,
    outcome,
    reason: values.reason ?? '',
    problem: values.problem ?? '',
    by: person.name,
    task: task && !task.routine ? task.id : '',
    plan: task?.plan ?? '',
  };
  const receipt = await c.var.data.append('careCheckins', checkin, {
    idempotencyKey: `greening.checkin:${person.id}:${key}`,
    actor,
    action: 'greening.checkin',
  });
  let followUp: { date: string; task: string } | null = null;
  if (task && !task.routine && (outcome === 'done' || outcome === 'skipped') && !receipt.duplicate) {
    await c.var.data.update(
      'careTasks',
      task.id,
      { status: outcome, doneAt: typeof checkin.at === 'string' ? checkin.at : null, doneBy: person.name },
      { idempotencyKey: `greening.task:${person.id}:${key}`, actor, action: `greening.${outcome}` },
    );
    followUp = outcome === 'done' ? await scheduleFollowUp(c, state, task, day, actor, key) : null;
  }
  // A problem is a field report (on the head's desk); one tap here makes it a repair or hazard.
  return render(c, 'greening/checked', {
    title: t(c.var.locale, 'greening.checkin'),
    ...view,
    task,
    area,
    outcome,
    reason: values.reason ?? '',
    followUp,
    receipt,
    reportRef: `greening:${receipt.rowId}`,
    canHazard: person.role === 'head' || person.role === 'staff',
  });
});

/** "N days after the last time": the next task goes into the schedule as soon as this one is done. */
async function scheduleFollowUp(c: C, state: GreeningState, task: TaskView, day: string, actor: { id: string; name: string }, key: string) {
  const plan = state.planList.find((p) => p.id === task.plan);
  const term = state.calendar.termOf(day) ?? state.calendar.termOf(task.due);
  if (!plan || plan.rule.kind !== 'after' || !term) return null;
  const date = followUpDate(plan.rule, day, term, state.calendar, state.holidays);
  if (!date) return null;
  const area = state.areas.get(task.area);
  const id = taskId(plan.id, task.area, date);
  if (state.tasks.some((r) => r.id === id)) return { date, task: task.task };
  await c.var.data.append(
    'careTasks',
    {
      id,
      due: date,
      planned: date,
      area: task.area,
      areaName: area?.name ?? task.areaName,
      task: plan.task,
      assignee: task.assignee,
      status: 'pending',
      note: plan.rule.note,
      plan: plan.id,
      term: term.name,
    },
    { idempotencyKey: `greening.followup:${id}:${key}`, actor, action: 'greening.followup' },
  );
  return { date, task: task.task };
}
