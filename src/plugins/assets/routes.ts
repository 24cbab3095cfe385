/**
 * Asset register slice: list with live search and filters, detail, and registration
 * through an htmx form (also works without JavaScript). Writes go through the sync gateway.
 */
import { Hono } from 'hono';
import { assetCategories, assetStatuses, assetTagPrefixes, assets as assetTab, roomTypes, type ColumnDef } from '../../../sheets-schema/index.js';
import { requireRole } from '../../core/auth/index.js';
import { t } from '../../core/i18n/index.js';
import { localDateTime } from '../../core/time.js';
import { validateInput } from '../../core/table/table.js';
import type { Text } from '../../core/table/types.js';
import { isHtmx, render } from '../../core/views/render.js';
import type { AppEnv } from '../../env.js';
import { filterAssets, formatTag, nextTagNumber, type AssetFilter } from './search.js';

const PAGE_SIZE = 200;
const columns: Record<string, ColumnDef> = Object.fromEntries(assetTab.columns.map((col) => [col.key, col]));
/** Column headers as bilingual texts, for table heads and labels. */
const cols = Object.fromEntries(assetTab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));
const formFields = ['name', 'category', 'kind', 'room', 'responsible', 'source', 'acquired', 'price', 'status', 'notes'] as const;
const everyone = ['head', 'staff', 'class_head', 'teacher', 'leader'] as const;

export const assetRoutes = new Hono<AppEnv>();

assetRoutes.get('/', requireRole(...everyone), async (c) => {
  const filter: AssetFilter = {
    q: c.req.query('q')?.slice(0, 100),
    category: c.req.query('category') || undefined,
    status: c.req.query('status') || undefined,
    room: c.req.query('room') || undefined,
  };
  const { assets } = await c.var.data.read(['assets']);
  const matched = filterAssets(assets.rows, filter);
  const data = {
    title: t(c.var.locale, 'assets.title'),
    filter,
    rows: matched.slice(0, PAGE_SIZE),
    count: matched.length,
    truncated: matched.length > PAGE_SIZE,
    shown: Math.min(PAGE_SIZE, matched.length),
    categories: assetCategories,
    statuses: assetStatuses,
    cols,
    added: c.req.query('added') ?? null,
    canRegister: c.var.person?.role === 'head' || c.var.person?.role === 'staff',
  };
  // Live search swaps only the results; the same template renders the whole page.
  if (isHtmx(c) && c.req.header('HX-Target')?.endsWith('#asset-results')) return render(c, 'assets/results', data);
  return render(c, 'assets/list', data);
});

assetRoutes.get('/new', requireRole('head', 'staff'), async (c) => {
  return render(c, 'assets/form', await formData(c, { status: 'in_use', kind: 'fixed', source: 'purchased' }, {}));
});

assetRoutes.post('/', requireRole('head', 'staff'), async (c) => {
  const body = await c.req.parseBody();
  const input: Record<string, string> = {};
  for (const key of formFields) if (typeof body[key] === 'string') input[key] = body[key] as string;
  const { values, errors } = validateInput(assetTab, input, { partial: false, skip: ['tag', 'updatedAt', 'updatedBy'] });
  if (Object.keys(errors).length > 0) {
    return render(c, 'assets/form', await formData(c, input, errors), { status: 422 });
  }
  const person = c.var.person!;
  const prefix = assetTagPrefixes[String(values.category)] ?? 'QT';
  const { assets } = await c.var.data.read(['assets'], { fresh: false });
  const n = await c.var.data.nextSequence(`assets:${prefix}`, nextTagNumber(assets.rows, prefix));
  const tag = formatTag(prefix, n);
  const idempotencyKey = typeof body._key === 'string' && body._key ? `asset.register:${person.id}:${body._key}` : crypto.randomUUID();
  const receipt = await c.var.data.append(
    'assets',
    { ...values, tag, updatedAt: localDateTime(), updatedBy: person.name },
    { idempotencyKey, actor: { id: person.id, name: person.name }, action: 'asset.register' },
  );
  const savedTag = receipt.rowId;
  if (!isHtmx(c)) return c.redirect(`/assets?added=${encodeURIComponent(savedTag)}`, 303);
  return render(c, 'assets/saved', { tag: savedTag, name: values.name, receipt });
});

assetRoutes.get('/:tag', requireRole(...everyone), async (c) => {
  const tag = c.req.param('tag');
  const { assets } = await c.var.data.read(['assets']);
  const row = assets.rows.find((r) => r.id === tag);
  if (!row) return render(c, 'error', { title: t(c.var.locale, 'assets.title'), message: t(c.var.locale, 'assets.notFound', { tag }) }, { status: 404 });
  const fields = assetTab.columns.map((col) => ({ col, value: row.values[col.key] }));
  return render(c, 'assets/detail', { title: `${row.id} ${row.values.name ?? ''}`, row, fields, sheetTitle: assets.title, sheetRow: row.row });
});

async function formData(c: Parameters<typeof render>[0], input: Record<string, unknown>, errors: Record<string, Text>) {
  const { rooms } = await c.var.data.read(['rooms']);
  const fields = formFields.map((key) => {
    const col = columns[key]!;
    return { key, col, value: input[key] ?? '', error: errors[key] ?? null, required: Boolean(col.required), options: col.allowed ?? null };
  });
  return {
    title: t(c.var.locale, 'assets.register'),
    fields,
    hasErrors: Object.keys(errors).length > 0,
    rooms: rooms.rows.map((r) => r.values.name).filter(Boolean),
    roomTypes,
    formKey: crypto.randomUUID(),
  };
}
