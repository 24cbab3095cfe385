/**
 * The asset register: list with live search and filters, registration, detail with the full
 * history and quick actions, edit, move, transfer, damage, repair and bulk move. Loans,
 * write-offs, class property, stocktakes and labels live in their own files and are mounted
 * here before `/:tag` so their paths win. Every state change also appends a history row.
 */
import { Hono } from 'hono';
import { assetCategories, assetStatuses, assetTabs, assets as assetTab, roomTypes, type ColumnDef } from '../../../sheets-schema/index.js';
import {
  forbidden,
  isHtmx,
  loads,
  localDateTime,
  newAssetTags,
  ownsUnit,
  readForm,
  render,
  requireRole,
  roles,
  t,
  validateInput,
  type AppEnv,
  type Ctx,
  type Form,
  type RowFor,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { assetMessages } from './messages.js';
import { classRoutes } from './class-routes.js';
import { colLabel, isoOrEmpty, renderForm, validateFields, type FormField } from './forms.js';
import { labelRoutes } from './label-routes.js';
import { lendRoutes, loanRoutes } from './loan-routes.js';
import { currentLoan, pendingLoan } from './loans.js';
import { assetNotFound, assetOfPath, findAsset, historyOf, RoomIndex, sameRoom, writer } from './model.js';
import { filterAssets, type AssetFilter } from './search.js';
import { stocktakeRoutes } from './stocktake-routes.js';
import { requestWriteOffRoutes, writeOffRoutes } from './writeoff-routes.js';

const PAGE_SIZE = 200;
const columns: Record<string, ColumnDef> = Object.fromEntries(assetTab.columns.map((col) => [col.key, col]));
/** Column headers as bilingual texts, for table heads and labels. */
const cols = Object.fromEntries(assetTab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));
const formFields = ['name', 'category', 'kind', 'room', 'responsible', 'source', 'acquired', 'price', 'status', 'notes'] as const;
const events = assetTabs.assetEvents;

export const assetRoutes = new Hono<AppEnv>();

assetRoutes.route('/loans', loanRoutes);
assetRoutes.route('/write-offs', writeOffRoutes);
assetRoutes.route('/classes', classRoutes);
assetRoutes.route('/stocktakes', stocktakeRoutes);
assetRoutes.route('/labels', labelRoutes);
assetRoutes.route('/', lendRoutes);
assetRoutes.route('/', requestWriteOffRoutes);

assetRoutes.get('/', requireRole(...roles.everyone), async (c) => {
  const filter: AssetFilter = {
    q: c.req.query('q')?.slice(0, 100),
    category: c.req.query('category') || undefined,
    status: c.req.query('status') || undefined,
    room: c.req.query('room')?.slice(0, 60) || undefined,
    responsible: c.req.query('responsible')?.slice(0, 40) || undefined,
  };
  const { assets, rooms } = await c.var.data.read(['assets', 'rooms']);
  const index = new RoomIndex(rooms);
  const unknownOnly = c.req.query('unknownRoom') === '1';
  let matched = filterAssets(assets.rows, filter);
  if (unknownOnly) matched = matched.filter((r) => index.isUnknown(r.values.room));
  const role = c.var.person?.role;
  const data = {
    title: t(c.var.locale, 'assets.title'),
    filter,
    unknownOnly,
    rows: matched.slice(0, PAGE_SIZE),
    count: matched.length,
    truncated: matched.length > PAGE_SIZE,
    shown: Math.min(PAGE_SIZE, matched.length),
    categories: assetCategories,
    statuses: assetStatuses,
    cols,
    rooms: rooms.rows.map((r) => r.values.name).filter(Boolean),
    unknownRooms: assets.rows.filter((r) => index.isUnknown(r.values.room)).length,
    added: c.req.query('added') ?? null,
    moved: c.req.query('moved') ?? null,
    movedTo: c.req.query('to') ?? null,
    canRegister: role === 'head' || role === 'staff',
    // Loans, stocktakes and write-offs are read by the office and leadership only.
    seesBooks: role === 'head' || role === 'staff' || role === 'leader',
  };
  // Live search swaps only the results; the same template renders the whole page.
  if (isHtmx(c) && c.req.header('HX-Target')?.endsWith('#asset-results')) return render(c, 'assets/results', data);
  return render(c, 'assets/list', data);
});

assetRoutes.get('/new', requireRole(...roles.office), async (c) => {
  return render(c, 'assets/form', await formData(c, { status: 'in_use', kind: 'fixed', source: 'purchased' }, {}));
});

assetRoutes.post('/', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const { input, values, errors } = checkAssetForm(form);
  if (Object.keys(errors).length > 0) {
    return render(c, 'assets/form', await formData(c, input, errors), { status: 422 });
  }
  const w = writer(c);
  const tag = (await newAssetTags(c, String(values.category)))[0]!;
  const key = form.key('asset.register');
  const receipt = await w.append('assets', { ...values, tag, updatedAt: localDateTime(), updatedBy: w.person.name }, 'asset.register', key);
  const savedTag = receipt.rowId;
  if (!receipt.duplicate)
    await w.event({ tag: savedTag, type: 'registered', toRoom: values.room ?? '', toPerson: values.responsible ?? '' }, key);
  if (!isHtmx(c)) return c.redirect(`/assets?added=${encodeURIComponent(savedTag)}`, 303);
  return render(c, 'assets/saved', { tag: savedTag, name: values.name, receipt });
});

assetRoutes.post('/bulk-move', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const tags = [...new Set(form.list('tags'))].slice(0, 500);
  const roomText = form.text('room');
  const { assets, rooms } = await c.var.data.read(['assets', 'rooms']);
  const index = new RoomIndex(rooms);
  const room = index.find(roomText);
  const problem: Text | null =
    tags.length === 0 ? bilingual('assets.tickAssetsMoveFirst') : !room ? bilingual('assets.roomNotInRoomsTab', { room: roomText }) : null;
  if (problem) return render(c, 'error', { title: t(c.var.locale, 'assets.bulkMove'), message: t(c.var.locale, problem) }, { status: 422 });
  const roomName = String(room!.values.name);
  const w = writer(c);
  const byId = new Map(assets.rows.map((r) => [r.id, r]));
  const batch = form.key('asset.bulkMove');
  let moved = 0;
  for (const tag of tags) {
    const row = byId.get(tag);
    if (!row || sameRoom(index, row.values.room, roomName)) continue;
    await w.update('assets', tag, { room: roomName }, 'asset.move', `${batch}:${tag}`);
    await w.event({ tag, type: 'moved', fromRoom: row.values.room ?? '', toRoom: roomName }, `${batch}:${tag}`);
    moved++;
  }
  return c.redirect(`/assets?room=${encodeURIComponent(roomName)}&moved=${moved}&to=${encodeURIComponent(roomName)}`, 303);
});

assetRoutes.get('/:tag', requireRole(...roles.everyone), async (c) => {
  const tag = c.req.param('tag');
  // The history is filtered inside the gateway: copying 50,000 events per view cost ~250 ms (tools/bench/assets.ts).
  const { assets, assetEvents, assetLoans, rooms, stocktakes } = await c.var.data.read(
    ['assets', 'assetEvents', 'assetLoans', 'rooms', 'stocktakes'],
    { where: { assetEvents: { column: 'tag', values: [tag] } } },
  );
  const row = findAsset(assets.rows, tag);
  if (!row) return assetNotFound(c);
  // A label scanned with a lower-case or full-width tag still lands on the canonical URL.
  if (row.id !== tag) return c.redirect(`/assets/${encodeURIComponent(row.id)}`, 302);
  const index = new RoomIndex(rooms);
  const role = c.var.person!.role;
  const roomRow = index.find(row.values.room);
  const canManage = role === 'head' || role === 'staff';
  const loan = currentLoan(assetLoans.rows, row.id) ?? null;
  const openStocktakes = stocktakes.rows.filter((s) => s.values.status === 'open');
  return render(c, 'assets/detail', {
    title: `${row.id} ${row.values.name ?? ''}`,
    row,
    fields: assetTab.columns.map((col) => ({ col, value: row.values[col.key] })),
    sheetTitle: assets.title,
    sheetRow: row.row,
    history: historyOf(assetEvents, row.id),
    eventTypes: events.columns.find((col) => col.key === 'type')!.allowed,
    unknownRoom: index.isUnknown(row.values.room) ? row.values.room : null,
    loan,
    pendingLoan: loan ? null : (pendingLoan(assetLoans.rows, row.id) ?? null),
    loanStatuses: assetTabs.loanStatuses,
    openStocktakes: canManage ? openStocktakes : [],
    roomId: roomRow?.id ?? null,
    statuses: assetStatuses,
    canManage,
    canDamage: canManage || (role === 'class_head' && ownsUnit(c.var.person, roomRow?.values.class ?? '')),
    canReport: role !== 'leader',
    isHead: role === 'head',
    active: row.values.status !== 'written_off',
    done: c.req.query('done') ? `assets.done.${c.req.query('done')!.replace(/[^a-zA-Z]/g, '')}` : null,
  });
});

assetRoutes.get('/:tag/edit', requireRole(...roles.office), assetOfPath, async (c) => {
  const row = c.var.asset;
  const input = Object.fromEntries(formFields.map((k) => [k, row.values[k] ?? '']));
  return render(c, 'assets/form', {
    ...(await formData(c, input, {}, true)),
    title: `${t(c.var.locale, 'assets.edit')} ${row.id}`,
    action: `/assets/${row.id}/edit`,
    editing: row.id,
  });
});

assetRoutes.post('/:tag/edit', requireRole(...roles.office), assetOfPath, async (c) => {
  const row = c.var.asset;
  const form = await readForm(c);
  const { input, values, errors } = checkAssetForm(form);
  if (Object.keys(errors).length > 0) {
    return render(
      c,
      'assets/form',
      {
        ...(await formData(c, input, errors, true)),
        title: `${t(c.var.locale, 'assets.edit')} ${row.id}`,
        action: `/assets/${row.id}/edit`,
        editing: row.id,
      },
      { status: 422 },
    );
  }
  // Staff own the notes column: the app shows it but never overwrites it on update.
  delete values.notes;
  const changed = (Object.keys(values) as Array<keyof typeof values>).filter((k) => (values[k] ?? null) !== (row.values[k] ?? null));
  if (changed.length > 0) {
    const w = writer(c);
    const key = form.key('asset.edit');
    await w.update('assets', row.id, values, 'asset.edit', key);
    await w.event(
      {
        tag: row.id,
        type: 'edited',
        notes: changed
          .map((k) => `${columns[k]!.zh}: ${String(row.values[k] ?? '')} → ${String(values[k] ?? '')}`)
          .join('; ')
          .slice(0, 1000),
        ...(changed.includes('room') ? { fromRoom: row.values.room ?? '', toRoom: values.room ?? '' } : {}),
      },
      key,
    );
  }
  return c.redirect(`/assets/${row.id}?done=edited`, 303);
});

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The asset of `/assets/:tag/{move,transfer,damage}` with what its form needs. */
    assetAction: NonNullable<Awaited<ReturnType<typeof actionContext>>>;
  }
}

/** Preambles: the asset of the path with its form's frame; damage only by whom may mark it. */
const assetAction = loads('assetAction', { load: actionContext, missing: assetNotFound });
const damageable = loads('assetAction', {
  load: actionContext,
  missing: assetNotFound,
  refuse: (c, ctx) => (ctx.mayDamage ? null : forbidden(c, 'notOwner', { unit: c.var.person!.unit ?? '' })),
});

/** Move (same responsible person) or transfer (调拨: room and/or person, both sides recorded). */
for (const kind of ['move', 'transfer'] as const) {
  const formFor = (row: RowFor<'assets'>): FormField[] => [
    {
      name: 'toRoom',
      label: kind === 'move' ? bilingual('assets.moveRoom') : colLabel(events, 'toRoom'),
      list: 'room-list',
      required: kind === 'move',
      value: kind === 'move' ? '' : (row.values.room ?? ''),
    },
    ...(kind === 'transfer'
      ? [
          {
            name: 'toPerson',
            label: colLabel(events, 'toPerson'),
            list: 'people-list',
            value: row.values.responsible ?? '',
          } satisfies FormField,
        ]
      : []),
    { name: 'notes', label: colLabel(events, 'notes'), type: 'textarea' },
  ];
  assetRoutes.get(`/:tag/${kind}`, requireRole(...roles.office), assetAction, async (c) => {
    const ctx = c.var.assetAction;
    return renderForm(c, { ...ctx.base(kind), fields: formFor(ctx.row) });
  });
  assetRoutes.post(`/:tag/${kind}`, requireRole(...roles.office), assetAction, async (c) => {
    const ctx = c.var.assetAction;
    const row = ctx.row;
    const form = await readForm(c);
    const v = validateFields(events, form.fields(), formFor(row));
    const room = v.values.toRoom ? ctx.index.find(v.values.toRoom) : undefined;
    if (v.values.toRoom && !room) {
      const f = v.fields.find((x) => x.name === 'toRoom')!;
      f.error = bilingual('assets.roomNotInRoomsTab', { room: v.values.toRoom });
      v.errors++;
    }
    if (v.errors) return renderForm(c, { ...ctx.base(kind), fields: v.fields }, 422);
    const toRoom = room ? String(room.values.name) : (row.values.room ?? '');
    const toPerson = kind === 'transfer' ? (v.values.toPerson ?? '') : (row.values.responsible ?? '');
    const w = writer(c);
    const key = form.key(`asset.${kind}`);
    await w.update('assets', row.id, { room: toRoom, responsible: toPerson }, `asset.${kind}`, key);
    await w.event(
      {
        tag: row.id,
        type: kind === 'move' ? 'moved' : 'transferred',
        fromRoom: row.values.room ?? '',
        toRoom,
        fromPerson: row.values.responsible ?? '',
        toPerson,
        notes: v.values.notes ?? '',
      },
      key,
    );
    return c.redirect(`/assets/${row.id}?done=${kind === 'move' ? 'moved' : 'transferred'}`, 303);
  });
}

/** Damage (谁损坏谁赔偿): who pays and how much. Class heads may mark their own classroom's items. */
const damageFields = (): FormField[] => [
  { name: 'notes', label: bilingual('assets.whatDamaged'), type: 'textarea', required: true },
  { name: 'payer', label: colLabel(events, 'payer'), list: 'people-list' },
  { name: 'amount', label: colLabel(events, 'amount'), type: 'money' },
];
assetRoutes.get('/:tag/damage', requireRole('head', 'staff', 'class_head'), damageable, async (c) => {
  const ctx = c.var.assetAction;
  return renderForm(c, { ...ctx.base('damage'), fields: damageFields(), danger: true });
});
assetRoutes.post('/:tag/damage', requireRole('head', 'staff', 'class_head'), damageable, async (c) => {
  const ctx = c.var.assetAction;
  const row = ctx.row;
  const form = await readForm(c);
  const v = validateFields(events, form.fields(), damageFields());
  if (v.errors) return renderForm(c, { ...ctx.base('damage'), fields: v.fields, danger: true }, 422);
  const w = writer(c);
  const key = form.key('asset.damage');
  if (row.values.status !== 'lent') await w.update('assets', row.id, { status: 'damaged' }, 'asset.damage', key);
  await w.event(
    {
      tag: row.id,
      type: 'damaged',
      fromRoom: row.values.room ?? '',
      payer: v.values.payer ?? '',
      amount: v.values.amount ?? null,
      notes: v.values.notes ?? '',
    },
    key,
  );
  return c.redirect(`/assets/${row.id}?done=damaged`, 303);
});

assetRoutes.post('/:tag/repaired', requireRole(...roles.office), assetOfPath, async (c) => {
  const row = c.var.asset;
  if (row.values.status !== 'damaged' && row.values.status !== 'repairing') {
    return render(
      c,
      'error',
      {
        title: row.id,
        message: t(c.var.locale, 'assets.assetNotDamagedOr'),
      },
      { status: 409 },
    );
  }
  const form = await readForm(c);
  const w = writer(c);
  const key = form.key('asset.repaired');
  await w.update('assets', row.id, { status: 'in_use' }, 'asset.repaired', key);
  await w.event({ tag: row.id, type: 'repaired', fromRoom: row.values.room ?? '', notes: form.text('notes').slice(0, 1000) }, key);
  return c.redirect(`/assets/${row.id}?done=repaired`, 303);
});

const actionTitles: Record<string, Text> = {
  move: assetMessages['assets.moveAsset'],
  transfer: assetMessages['assets.transferAsset'],
  damage: assetMessages['assets.recordDamage'],
};

async function actionContext(c: Ctx) {
  const { assets, rooms, people } = await c.var.data.read(['assets', 'rooms', 'people']);
  const row = findAsset(assets.rows, c.req.param('tag') ?? '');
  if (!row) return undefined;
  const index = new RoomIndex(rooms);
  const person = c.var.person!;
  const roomClass = index.find(row.values.room)?.values.class ?? '';
  return {
    row,
    index,
    mayDamage: person.role !== 'class_head' || (roomClass !== '' && ownsUnit(person, roomClass)),
    base: (kind: string) => ({
      title: t(c.var.locale, actionTitles[kind] ?? { zh: kind, en: kind }),
      action: `/assets/${row.id}/${kind}`,
      submit: bilingual('assets.confirm'),
      back: `/assets/${row.id}`,
      asset: row,
      rooms: rooms.rows.map((r) => r.values.name ?? '').filter(Boolean),
      people: people.rows
        .filter((p) => p.values.active !== false)
        .map((p) => p.values.name ?? '')
        .filter(Boolean),
    }),
  };
}

/** The register form's fields as typed, checked against the 资产 tab's columns. */
function checkAssetForm(form: Form) {
  const typed = form.fields();
  const input: Record<string, string> = {};
  for (const key of formFields) if (key in typed) input[key] = typed[key]!;
  return { input, ...validateInput(assetTab, input, { partial: false, skip: ['tag', 'updatedAt', 'updatedBy'] }) };
}

async function formData(c: Ctx, input: Record<string, unknown>, errors: Record<string, Text>, editing = false) {
  // 资产 is read too so a column missing from it is said on the form (`missingCol`), before saving.
  const { rooms } = await c.var.data.read(['rooms', 'assets']);
  // Staff own the notes column: editing it here would be ignored, so it is not offered.
  const fieldsOut = formFields
    .filter((key) => !(editing && columns[key]!.staffOwned))
    .map((key) => {
      const col = columns[key]!;
      return {
        key,
        col,
        value: input[key] ?? '',
        isoDate: isoOrEmpty(input[key]),
        error: errors[key] ?? null,
        required: Boolean(col.required),
        options: col.allowed ?? null,
      };
    });
  return {
    title: t(c.var.locale, 'assets.register'),
    fields: fieldsOut,
    hasErrors: Object.keys(errors).length > 0,
    rooms: rooms.rows.map((r) => r.values.name).filter(Boolean),
    roomTypes,
    formKey: crypto.randomUUID(),
    action: '/assets',
  };
}
