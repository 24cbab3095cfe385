/**
 * Printable A4 label sheets (一物一卡): a QR code of the asset's URL, its tag, name and the
 * school, 24 to a page. Chosen by room, category, "registered since", or a list of tags.
 * Scanning a label with a phone's camera opens the asset page with its quick actions.
 */
import { Hono } from 'hono';
import { assetCategories } from '../../../sheets-schema/index.js';
import { qrDataUri, render, requireRole, roles, t, type AppEnv } from '../../core/kit.js';
import { labelStocks, type LabelStock } from './label-stock.js';
import { RoomIndex, retired } from './model.js';
import { fold } from './search.js';

/** One sheet prints at most this many labels (about 21 A4 pages). */
export const MAX_LABELS = 500;

export const labelRoutes = new Hono<AppEnv>();

labelRoutes.get('/', requireRole(...roles.office), async (c) => {
  const room = c.req.query('room')?.trim().slice(0, 60) ?? '';
  const category = c.req.query('category') ?? '';
  const since = c.req.query('since')?.trim() ?? '';
  const tags = (c.req.query('tags') ?? '')
    .split(/[\s,，]+/)
    .map((x) => fold(x))
    .filter(Boolean)
    .slice(0, MAX_LABELS);
  // The history (50,000 rows in a big school) is read only when "new since" needs it.
  const { assets, rooms, assetEvents } = await c.var.data.read(['assets', 'rooms', ...(since ? (['assetEvents'] as const) : [])]);
  const index = new RoomIndex(rooms);
  const chosen = Boolean(room || category || since || tags.length);
  const sinceOk = !since || /^\d{4}-\d{2}-\d{2}$/.test(since);
  let rows = chosen && sinceOk ? assets.rows.filter((a) => !retired(a)) : [];
  if (tags.length) rows = rows.filter((a) => tags.includes(fold(a.id)));
  if (room) rows = rows.filter((a) => fold(index.nameOf(a.values.room)) === fold(index.nameOf(room)));
  if (category) rows = rows.filter((a) => a.values.category === category);
  if (since) {
    // "New since": registered through the portal on or after the date, or acquired then.
    const registered = new Set(
      assetEvents!.rows.filter((e) => e.values.type === 'registered' && String(e.values.at) >= since).map((e) => String(e.values.tag)),
    );
    rows = rows.filter((a) => registered.has(a.id) || (a.values.acquired ?? '') >= since);
  }
  const layout: LabelStock = (c.req.query('layout') ?? '') in labelStocks ? (c.req.query('layout') as LabelStock) : '24';
  const perPage = labelStocks[layout].across * labelStocks[layout].down;
  const origin = new URL(c.req.url).origin;
  const labels = rows.slice(0, MAX_LABELS).map((a) => ({
    tag: a.id,
    name: a.values.name,
    room: a.values.room,
    qr: qrDataUri(`${origin}/assets/${encodeURIComponent(a.id)}`, { title: a.id, margin: 2 }),
  }));
  return render(c, 'assets/labels', {
    title: t(c.var.locale, 'assets.labels'),
    chosen,
    sinceError: !sinceOk,
    filter: { room, category, since, tags: c.req.query('tags') ?? '' },
    categories: assetCategories,
    rooms: rooms.rows.map((r) => r.values.name).filter(Boolean),
    // One block per printed sheet, so each sheet starts at the stock's top margin.
    pages: Array.from({ length: Math.ceil(labels.length / perPage) }, (_, i) => labels.slice(i * perPage, (i + 1) * perPage)),
    layout,
    layouts: (Object.keys(labelStocks) as LabelStock[]).map((key) => ({ key, label: t(c.var.locale, `assets.labelLayout${key}`) })),
    labels,
    count: rows.length,
    truncated: rows.length > MAX_LABELS,
    max: MAX_LABELS,
  });
});
