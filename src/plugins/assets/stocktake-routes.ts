/**
 * Stocktake (盘点): the head opens one for some rooms; on a phone, staff go room by room and
 * tick each expected item (found / damaged / missing) or scan/type tags — a tag registered
 * elsewhere is flagged as found in the wrong room, an unknown code is refused and nothing is
 * written, and unregistered items can be added as surplus (盘盈). The head watches progress
 * live; closing saves the reconciliation to the 盘点 tab and prints.
 */
import { Hono } from 'hono';
import {
  isHtmx,
  loads,
  localDate,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  t,
  tapTime,
  type AppEnv,
  type Ctx,
  type Form,
  type RowFor,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { RoomIndex, writer } from './model.js';
import { fold } from './search.js';
import { expectedIn, latestLines, reconcile, stocktakeRooms, tagFromCode } from './stocktake.js';
import { assetTabs, type EnumKey } from '../../../sheets-schema/index.js';

export const stocktakeRoutes = new Hono<AppEnv>();
const results = assetTabs.stocktakeResults;
/** What ticking an expected item can record. */
const ticks = ['found', 'damaged', 'missing'] as const;

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The stocktake of `/assets/stocktakes/:id`, with its lines. */
    stocktake: Stocktake;
    /** The same with the room of `…/rooms/:room`, one of its rooms. */
    stocktakeRoom: Stocktake & { room: RowFor<'rooms'> };
  }
}

// Preambles: the stocktake (and room) of the path, or the not-found page; a closed one is refused.
const refuseClosed = (c: Ctx, s: Stocktake) => (s.closed ? closed(c) : null);
const stocktake = loads('stocktake', { load, missing: notFound });
const openStocktake = loads('stocktake', { load, missing: notFound, refuse: refuseClosed });
const inRoom = async (c: Ctx) => {
  const s = await load(c);
  const room = s?.roomOf(c.req.param('room'));
  return s && room ? { ...s, room } : undefined;
};
const stocktakeRoom = loads('stocktakeRoom', { load: inRoom, missing: notFound });
const openStocktakeRoom = loads('stocktakeRoom', { load: inRoom, missing: notFound, refuse: refuseClosed });

stocktakeRoutes.get('/', requireRole('head', 'staff', 'leader'), async (c) => {
  const { stocktakes, assets, rooms } = await c.var.data.read(['stocktakes', 'assets', 'rooms']);
  const index = new RoomIndex(rooms);
  const counts = new Map<string, number>();
  for (const a of assets.rows)
    if (a.values.status !== 'written_off' && a.values.room)
      counts.set(index.nameOf(a.values.room), (counts.get(index.nameOf(a.values.room)) ?? 0) + 1);
  return render(c, 'assets/stocktakes', {
    title: t(c.var.locale, 'assets.stocktakes'),
    list: [...stocktakes.rows].reverse(),
    statuses: assetTabs.stocktakeStatuses,
    rooms: rooms.rows
      .filter((r) => counts.has(String(r.values.name)))
      .map((r) => ({ name: r.values.name, count: counts.get(String(r.values.name)) })),
    isHead: c.var.person!.role === 'head',
    error: null,
  });
});

stocktakeRoutes.post('/', requireRole(...roles.head), async (c) => {
  const form = await readForm(c);
  const { rooms } = await c.var.data.read(['rooms']);
  const index = new RoomIndex(rooms);
  const picked = form.list('rooms');
  const unknown = picked.filter((r) => !index.find(r));
  const name = form.text('name').slice(0, 60) || `${localDate()} 盘点`;
  const error: Text | null =
    picked.length === 0
      ? bilingual('assets.chooseAtLeastOne')
      : unknown.length
        ? bilingual('assets.roomsNotInRoomsTab', { rooms: unknown.join('、'), roomsEn: unknown.join(', ') })
        : /[\u0000-\u001f]/.test(name)
          ? bilingual('assets.nameContainsControlCharacters')
          : null;
  if (error) return render(c, 'error', { title: t(c.var.locale, 'assets.stocktakes'), message: t(c.var.locale, error) }, { status: 422 });
  const w = writer(c);
  const receipt = await w.append(
    'stocktakes',
    {
      id: newRowId('PD'),
      name,
      rooms: [...new Set(picked.map((r) => index.nameOf(r)))].join('\n'),
      status: 'open',
      openedOn: localDate(),
      openedBy: w.person.name,
    },
    'asset.stocktake.open',
    form.key('asset.stocktake.open'),
  );
  return c.redirect(`/assets/stocktakes/${receipt.rowId}`, 303);
});

/** Progress (live for the head: the panel polls itself) or, once closed, the reconciliation. */
stocktakeRoutes.get('/:id', requireRole('head', 'staff', 'leader'), stocktake, async (c) => {
  const ctx = c.var.stocktake;
  const data = { ...pageData(c, ctx), rec: ctx.rec() };
  if (isHtmx(c) && c.req.header('HX-Target')?.endsWith('#stocktake-progress')) return render(c, 'assets/stocktake-progress', data);
  return render(c, 'assets/stocktake', data);
});

stocktakeRoutes.get('/:id/rooms/:room', requireRole(...roles.office), stocktakeRoom, async (c) => {
  const ctx = c.var.stocktakeRoom;
  return render(c, 'assets/stocktake-room', roomData(c, ctx, ctx.room, null));
});

/** Tick one expected item. */
stocktakeRoutes.post('/:id/rooms/:room/tick', requireRole(...roles.office), openStocktakeRoom, async (c) => {
  const ctx = c.var.stocktakeRoom;
  const room = ctx.room;
  const form = await readForm(c);
  const result = ticks.find((r) => r === form.text('result'));
  const asset = ctx.assets.rows.find((a) => a.id === form.text('tag'));
  if (!asset || !result || !expectedIn([asset], ctx.index, String(room.values.name)).length) {
    return roomAnswer(c, ctx, room, { level: 'bad', text: bilingual('assets.tickItemOnRoomList') }, 422);
  }
  await record(c, ctx, room, asset, result, form);
  return roomAnswer(c, ctx, room, null);
});

/** Scan or type a tag (or a label's URL). */
stocktakeRoutes.post('/:id/rooms/:room/scan', requireRole(...roles.office), openStocktakeRoom, async (c) => {
  const ctx = c.var.stocktakeRoom;
  const room = ctx.room;
  const form = await readForm(c);
  const code = form.text('code').slice(0, 300);
  const tag = tagFromCode(code);
  const asset = tag ? ctx.assets.rows.find((a) => fold(a.id) === fold(tag)) : undefined;
  if (!asset) {
    return roomAnswer(
      c,
      ctx,
      room,
      {
        level: 'bad',
        text: bilingual('assets.noAssetHasCode', { code }),
      },
      422,
    );
  }
  const here =
    expectedIn([asset], ctx.index, String(room.values.name)).length > 0 ||
    fold(ctx.index.nameOf(asset.values.room)) === fold(String(room.values.name));
  await record(c, ctx, room, asset, here ? 'found' : 'wrong_room', form);
  const message: Text = here
    ? bilingual('assets.stocktakeFound', { assetId: asset.id, name: String(asset.values.name) })
    : bilingual('assets.belongsFlaggedAsWrong', { assetId: asset.id, name: String(asset.values.name), room: asset.values.room ?? '' });
  return roomAnswer(c, ctx, room, { level: here ? 'ok' : 'warn', text: message });
});

/** An unregistered item found in the room (盘盈). */
stocktakeRoutes.post('/:id/rooms/:room/surplus', requireRole(...roles.office), openStocktakeRoom, async (c) => {
  const ctx = c.var.stocktakeRoom;
  const room = ctx.room;
  const form = await readForm(c);
  const name = form.text('name');
  if (!name || name.length > 80 || /[\u0000-\u001f]/.test(name)) {
    return roomAnswer(
      c,
      ctx,
      room,
      {
        level: 'bad',
        text: bilingual('assets.giveSurplusItemName'),
      },
      422,
    );
  }
  const at = tapTime(c, form.text('tapped_at')).local;
  const w = writer(c);
  await w.append(
    'stocktakeLines',
    { id: newRowId('PL'), stocktake: ctx.take.id, room: String(room.values.name), tag: '', result: 'surplus', name, at, by: w.person.name },
    'asset.stocktake.surplus',
    form.key('asset.stocktake.surplus'),
  );
  return roomAnswer(c, ctx, room, { level: 'ok', text: bilingual('assets.surplusRecorded', { name }) });
});

/** Close: the reconciliation is saved to the 盘点 row; items still unticked are recorded missing. */
stocktakeRoutes.post('/:id/close', requireRole(...roles.head), openStocktake, async (c) => {
  const ctx = c.var.stocktake;
  const rec = ctx.rec();
  const w = writer(c);
  const key = `asset.stocktake.close:${ctx.take.id}`;
  const receipt = await w.update(
    'stocktakes',
    ctx.take.id,
    {
      status: 'closed',
      closedOn: localDate(),
      expected: rec.expected,
      found: rec.found,
      damaged: rec.damaged,
      missing: rec.missing,
      surplus: rec.surplus,
      wrongRoom: rec.wrongRoom,
      matchRate: rec.matchRate,
    },
    'asset.stocktake.close',
    key,
  );
  if (!receipt.duplicate) {
    for (const a of rec.missingItems)
      await w.event(
        { tag: a.id, type: 'counted', fromRoom: a.values.room ?? '', ref: ctx.take.id, notes: '盘点未找到（盘亏）' },
        `${key}:${a.id}`,
      );
  }
  return c.redirect(`/assets/stocktakes/${ctx.take.id}`, 303);
});

async function record(
  c: Ctx,
  ctx: Stocktake,
  room: RowFor<'rooms'>,
  asset: RowFor<'assets'>,
  result: EnumKey<typeof results>,
  form: Form,
): Promise<void> {
  // The time of the tap, which the phone's outbox may send later (src/core/pwa/tap-time.ts).
  const at = tapTime(c, form.text('tapped_at')).local;
  const w = writer(c);
  const key = form.key('asset.stocktake.tick', asset.id);
  const roomName = String(room.values.name);
  await w.append(
    'stocktakeLines',
    {
      id: newRowId('PL'),
      stocktake: ctx.take.id,
      room: roomName,
      tag: asset.id,
      result,
      expectedRoom: asset.values.room ?? '',
      name: asset.values.name ?? '',
      at,
      by: w.person.name,
    },
    'asset.stocktake.tick',
    key,
  );
  const label = results.find((r) => r.key === result)!;
  await w.event(
    { tag: asset.id, type: 'counted', fromRoom: asset.values.room ?? '', toRoom: roomName, ref: ctx.take.id, notes: label.zh },
    key,
  );
}

type Stocktake = NonNullable<Awaited<ReturnType<typeof load>>>;

/** The stocktake of the path with what its pages need, or undefined. */
async function load(c: Ctx) {
  // Fresh lines: several phones tick the same stocktake, and the head watches them live.
  const { stocktakes, assets, rooms, stocktakeLines } = await c.var.data.read(['stocktakes', 'assets', 'rooms', 'stocktakeLines']);
  const take = stocktakes.rows.find((s) => s.id === c.req.param('id'));
  if (!take) return undefined;
  const index = new RoomIndex(rooms);
  const names = stocktakeRooms(take.values.rooms);
  const lines = latestLines(stocktakeLines.rows, take.id);
  return {
    take,
    index,
    assets,
    rooms,
    names,
    lines,
    closed: take.values.status === 'closed',
    /** A room of this stocktake by its ID (or name). */
    roomOf: (param: string | undefined): RowFor<'rooms'> | undefined => {
      const r = index.find(param);
      return r && names.some((n) => fold(index.nameOf(n)) === fold(String(r.values.name))) ? r : undefined;
    },
    rec: () => reconcile(names, assets.rows, lines, index),
  };
}

function pageData(c: Ctx, ctx: Stocktake) {
  const rec = ctx.rec();
  return {
    title: String(ctx.take.values.name),
    take: ctx.take,
    closed: ctx.closed,
    rooms: rec.rooms.map((p) => ({
      ...p,
      id: ctx.index.find(p.room)?.id ?? p.room,
      done: p.expected > 0 && p.ticked + p.wrongRoom >= p.expected,
      percent: p.expected ? Math.round((p.ticked / p.expected) * 100) : 100,
    })),
    isHead: c.var.person!.role === 'head',
    canCount: c.var.person!.role !== 'leader',
  };
}

function roomData(c: Ctx, ctx: Stocktake, room: RowFor<'rooms'>, message: { level: string; text: Text } | null) {
  const roomName = String(room.values.name);
  const byTag = new Map(ctx.lines.filter((l) => l.values.tag).map((l) => [String(l.values.tag), l]));
  const items = expectedIn(ctx.assets.rows, ctx.index, roomName).map((a) => {
    const line = byTag.get(a.id);
    const inPlace = line && fold(ctx.index.nameOf(line.values.room)) === fold(roomName);
    return {
      asset: a,
      result: inPlace ? line.values.result : line ? 'elsewhere' : null,
      elsewhere: line && !inPlace ? line.values.room : null,
    };
  });
  const here = ctx.lines.filter((l) => fold(ctx.index.nameOf(l.values.room)) === fold(roomName));
  return {
    title: `${t(c.var.locale, 'term.stocktake')} · ${roomName}`,
    take: ctx.take,
    room,
    roomName,
    items,
    ticked: items.filter((i) => i.result).length,
    wrongRoom: here.filter((l) => l.values.result === 'wrong_room'),
    surplus: here.filter((l) => l.values.result === 'surplus'),
    message,
    closed: ctx.closed,
  };
}

/** htmx swaps the whole room panel; without JavaScript the page is rendered again. */
async function roomAnswer(c: Ctx, before: Stocktake, room: RowFor<'rooms'>, message: { level: string; text: Text } | null, status = 200) {
  const ctx = (status === 200 ? await load(c) : undefined) ?? before;
  return render(c, 'assets/stocktake-room', roomData(c, ctx, room, message), { status });
}

function notFound(c: Ctx) {
  return render(
    c,
    'error',
    {
      title: t(c.var.locale, 'assets.stocktakes'),
      message: t(c.var.locale, 'assets.noSuchStocktakeOr'),
    },
    { status: 404 },
  );
}

function closed(c: Ctx) {
  return render(
    c,
    'error',
    {
      title: t(c.var.locale, 'assets.stocktakes'),
      message: t(c.var.locale, 'assets.stocktakeClosedNothingMore'),
    },
    { status: 409 },
  );
}
