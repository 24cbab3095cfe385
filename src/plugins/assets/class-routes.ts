/**
 * 班级财产承包: each class's property (everything on the books in its classroom), the class
 * head's acknowledgement at term start, mid-term / end-of-term (or monthly) checks with damage
 * counts, and the per-class results table for a month, printable for publishing (逐月公布).
 * Class heads act only on their own class (`ownsUnit`); the head of logistics on every class.
 */
import { Hono } from 'hono';
import { assetTabs } from '../../../sheets-schema/index.js';
import {
  forbidden,
  loads,
  localDate,
  newRowId,
  ownsUnit,
  readForm,
  render,
  requireRole,
  roles,
  schoolCalendar,
  t,
  validateInput,
  type AppEnv,
  type Ctx,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { classProperty, classResults, classRoom } from './classes.js';
import { RoomIndex, writer } from './model.js';

export const classRoutes = new Hono<AppEnv>();
const checkKinds = assetTabs.classCheckKinds.filter((k) => k.key !== 'acknowledge');

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The class of `/assets/classes/:class` with its property and checks. */
    classProperty: ClassProperty;
  }
}

/** Preambles: the class, or the not-found page; acting on it only by its class head (or the head). */
const ofClass = loads('classProperty', { load, missing: notFound });
const ownClass = loads('classProperty', {
  load,
  missing: notFound,
  refuse: (c, ctx) => (ownsUnit(c.var.person, ctx.cls.id) ? null : forbidden(c, 'notOwner', { unit: c.var.person!.unit ?? '' })),
});

classRoutes.get('/', requireRole(...roles.everyone), async (c) => {
  const q = c.req.query('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(q) ? q : localDate().slice(0, 7);
  const tables = await c.var.data.read(['classes', 'assets', 'classChecks', 'rooms', 'calendar']);
  const term = schoolCalendar(tables.calendar).termOf(`${month}-15`) ?? schoolCalendar(tables.calendar).termOf(localDate());
  const rows = classResults(tables, month, term?.start ?? null);
  return render(c, 'assets/classes', {
    title: t(c.var.locale, 'assets.classes'),
    month,
    term,
    rows: rows.map((r) => ({ ...r, mine: ownsUnit(c.var.person, r.class) && c.var.person!.role === 'class_head' })),
    totals: {
      damaged: rows.reduce((n, r) => n + r.damaged, 0),
      missing: rows.reduce((n, r) => n + r.missing, 0),
      charged: rows.reduce((n, r) => n + r.charged, 0),
    },
  });
});

classRoutes.get('/:class', requireRole(...roles.everyone), ofClass, async (c) => {
  return render(c, 'assets/class', pageData(c, c.var.classProperty));
});

classRoutes.post('/:class/acknowledge', requireRole('head', 'class_head'), ownClass, async (c) => {
  const ctx = c.var.classProperty;
  const form = await readForm(c);
  const w = writer(c);
  await w.append(
    'classChecks',
    {
      id: newRowId('BJ'),
      class: ctx.cls.id,
      kind: 'acknowledge',
      date: localDate(),
      term: ctx.term?.name ?? '',
      items: ctx.items.length,
      by: w.person.name,
      notes: form.text('notes').slice(0, 500),
    },
    'asset.class.acknowledge',
    form.key('asset.class.acknowledge', ctx.cls.id),
  );
  return c.redirect(`/assets/classes/${encodeURIComponent(ctx.cls.id)}?done=ack`, 303);
});

/** A class check: each item ok / damaged / missing; damaged items change state and get a history row. */
classRoutes.post('/:class/check', requireRole('head', 'class_head'), ownClass, async (c) => {
  const ctx = c.var.classProperty;
  const form = await readForm(c);
  const kind = form.text('kind');
  const money = validateInput(assetTabs.classChecks, { charged: form.text('charged') }, { partial: true });
  const payer = form.text('payer').slice(0, 40);
  const checkKind = checkKinds.find((k) => k.key === kind);
  const error: Text | null = !checkKind ? bilingual('assets.chooseKindCheckMid') : (money.errors.charged ?? null);
  if (error)
    return render(
      c,
      'assets/class',
      { ...pageData(c, ctx), error, input: { kind, charged: form.text('charged'), payer } },
      { status: 422 },
    );
  const results = ctx.items.map((a) => ({ asset: a, result: form.text(`r-${a.id}`) || 'ok' }));
  const damaged = results.filter((r) => r.result === 'damaged');
  const missing = results.filter((r) => r.result === 'missing');
  const w = writer(c);
  const key = form.key('asset.class.check', ctx.cls.id);
  const receipt = await w.append(
    'classChecks',
    {
      id: newRowId('BJ'),
      class: ctx.cls.id,
      kind: checkKind!.key,
      date: localDate(),
      term: ctx.term?.name ?? '',
      items: ctx.items.length,
      damaged: damaged.length,
      missing: missing.length,
      charged: money.values.charged ?? null,
      by: w.person.name,
      notes: [payer ? `赔偿人：${payer}` : '', form.text('notes')].filter(Boolean).join('；').slice(0, 500),
    },
    'asset.class.check',
    key,
  );
  if (!receipt.duplicate) {
    const label = checkKind!.zh;
    for (const { asset } of damaged) {
      if (asset.values.status !== 'damaged')
        await w.update('assets', asset.id, { status: 'damaged' }, 'asset.damage', `${key}:${asset.id}`);
      await w.event(
        { tag: asset.id, type: 'damaged', fromRoom: asset.values.room ?? '', payer, ref: receipt.rowId, notes: `${ctx.cls.id}${label}` },
        `${key}:${asset.id}`,
      );
    }
  }
  return c.redirect(`/assets/classes/${encodeURIComponent(ctx.cls.id)}?done=check`, 303);
});

async function load(c: Ctx) {
  const { classes, assets, classChecks, rooms, calendar } = await c.var.data.read([
    'classes',
    'assets',
    'classChecks',
    'rooms',
    'calendar',
  ]);
  const cls = classes.rows.find((r) => r.id === c.req.param('class'));
  if (!cls) return undefined;
  const index = new RoomIndex(rooms);
  return {
    cls,
    room: classRoom(cls, index),
    items: classProperty(cls, assets.rows, index),
    checks: classChecks.rows.filter((r) => r.values.class === cls.id).reverse(),
    term: schoolCalendar(calendar).termOf(localDate()),
  };
}

type ClassProperty = NonNullable<Awaited<ReturnType<typeof load>>>;

function pageData(c: Ctx, ctx: ClassProperty) {
  const termStart = ctx.term?.start ?? '';
  const ack = ctx.checks.find((r) => r.values.kind === 'acknowledge' && (r.values.date ?? '') >= termStart);
  return {
    title: `${ctx.cls.id} · ${t(c.var.locale, 'assets.classes')}`,
    cls: ctx.cls,
    room: ctx.room,
    items: ctx.items,
    checks: ctx.checks,
    kinds: assetTabs.classCheckKinds,
    checkKinds,
    statuses: assetTabs.assets.columns.find((col) => col.key === 'status')!.allowed,
    term: ctx.term,
    ack: ack ?? null,
    mayAct: ownsUnit(c.var.person, ctx.cls.id),
    done: c.req.query('done') === 'ack' ? 'assets.classAcked' : c.req.query('done') === 'check' ? 'assets.classChecked' : null,
    error: null,
    input: { kind: 'midterm', charged: '', payer: '' },
  };
}

function notFound(c: Ctx) {
  return render(c, 'error', { title: t(c.var.locale, 'assets.classes'), message: t(c.var.locale, 'assets.noSuchClass') }, { status: 404 });
}
