/**
 * Term-start issue packs (开学领用套餐): a standard kit per class × the classes gives one pick
 * list per class (printable, one page each) and, in one go, an issue slip per class and item to
 * its class head, who confirms receipt on a phone. Items issued old for new are left out of
 * the bulk issue: each class collects those against its old ones (以旧换新).
 */
import { Hono } from 'hono';
import {
  localDateTime,
  msg,
  newFormKey,
  keyedRowId,
  localDate,
  addDays,
  readForm,
  render,
  requireRole,
  roles,
  signedIn,
  writes,
  type AppEnv,
  type Ctx,
  type RowFor,
  type Text,
} from '../../core/kit.js';
import { issueLine, loadStore, round, type Item, type StoreState } from './model.js';

export const packRoutes = new Hono<AppEnv>();

interface Pack {
  name: string;
  lines: Array<{ item: Item; quantity: number }>;
}

function packsOf(state: StoreState, rows: readonly RowFor<'issuePacks'>[]): Pack[] {
  const packs = new Map<string, Pack>();
  for (const r of rows) {
    const name = (r.values.pack ?? '').trim();
    const item = state.itemById.get(r.values.item ?? '');
    const quantity = typeof r.values.quantity === 'number' ? r.values.quantity : 0;
    if (!name || !item || quantity <= 0) continue;
    const pack = packs.get(name) ?? { name, lines: [] };
    pack.lines.push({ item, quantity });
    packs.set(name, pack);
  }
  return [...packs.values()];
}

async function load(c: Ctx) {
  const state = await loadStore(c.var.data);
  const { issuePacks, classes } = await c.var.data.read(['issuePacks', 'classes']);
  const packs = packsOf(state, issuePacks.rows);
  const list = classes.rows.map((r) => ({ id: r.id, head: r.values.head ?? '' })).filter((k) => k.id);
  return { state, packs, classes: list };
}

/** Classes that took this pack within the last 120 days (this term), with the day: not chosen again by default. */
function alreadyIssued(state: StoreState, pack: Pack | undefined): Map<string, string> {
  const since = addDays(localDate(), -120);
  const out = new Map<string, string>();
  for (const r of state.issues)
    if (pack && r.values.purpose === pack.name && r.values.department && (r.values.at ?? '') >= since)
      out.set(r.values.department, String(r.values.at).slice(5, 10));
  return out;
}

/** What a pack needs for these classes, beside what is in stock. */
function needs(state: StoreState, pack: Pack, classCount: number) {
  return pack.lines.map(({ item, quantity }) => {
    const total = round(quantity * classCount);
    const onHand = state.onHand.get(item.id) ?? 0;
    return { item, quantity, total, onHand, short: !item.oldForNew && total > onHand };
  });
}

async function view(c: Ctx, extra: Record<string, unknown> = {}, status = 200) {
  const { state, packs, classes } = await load(c);
  const pack = packs.find((p) => p.name === (c.req.query('pack') ?? extra.packName)) ?? packs[0];
  const issued = alreadyIssued(state, pack);
  const chosen = (extra.chosen as string[] | undefined) ?? classes.filter((k) => !issued.has(k.id)).map((k) => k.id);
  const lines = pack ? needs(state, pack, chosen.length) : [];
  return render(
    c,
    'stores/packs',
    {
      title: msg(c, 'stores.packs'),
      packs,
      pack,
      lines,
      at: localDateTime().slice(0, 10),
      classes: classes.map((k) => ({ ...k, chosen: chosen.includes(k.id), issuedOn: issued.get(k.id) ?? '', lines: pack?.lines ?? [] })),
      formKey: newFormKey(),
      ...extra,
    },
    { status },
  );
}

packRoutes.get('/', requireRole(...roles.office), (c) => view(c, { done: Number(c.req.query('done') ?? 0) || 0 }));

packRoutes.post('/', requireRole(...roles.office), async (c) => {
  const form = await readForm(c);
  const { state, packs, classes } = await load(c);
  const pack = packs.find((p) => p.name === form.text('pack', 60));
  const chosen = form.list('classes').filter((id) => classes.some((k) => k.id === id));
  const refuse = (error: Text) => view(c, { error, packName: pack?.name, chosen, formKey: form.text('_key') || newFormKey() }, 422);
  if (!pack) return refuse({ zh: '请选择套餐', en: 'Choose a pack' });
  if (chosen.length === 0) return refuse({ zh: '请至少选择一个班级', en: 'Choose at least one class' });
  // "Update": the same page for just the chosen classes (what they need, their pick lists to print); nothing written.
  if (form.text('preview')) return view(c, { packName: pack.name, chosen, formKey: form.text('_key') || newFormKey() });
  const key = form.key('stores.pack');
  const slipFor = (klass: string) => keyedRowId('LY', `${key}:${klass}`);
  const slips = await Promise.all(chosen.map(slipFor));
  // The same form sent again finds the slips it wrote (checked again, the stock would now look short).
  if (state.issues.some((r) => slips.includes(r.values.slip ?? '')))
    return c.redirect(`/stores/packs?pack=${encodeURIComponent(pack.name)}&done=${slips.length}`, 303);
  const short = needs(state, pack, chosen.length).filter((l) => l.short);
  if (short.length) {
    const list = short.map((l) => `${l.item.name} ${l.total}/${l.onHand}`).join(' · ');
    return refuse({ zh: `库存不足，请先采购：${list}`, en: `Not enough in stock; buy first: ${list}` });
  }
  const w = writes(c);
  const at = localDateTime().slice(0, 16);
  const me = signedIn(c);
  // One slip per class with all its lines, keyed per line so a second submit adds nothing.
  const jobs = chosen.flatMap((id, i) => {
    const slip = slips[i]!;
    return pack.lines.filter((l) => !l.item.oldForNew).map((l, n) => ({ klass: classes.find((k) => k.id === id)!, slip, n, ...l }));
  });
  // One after another: each slip's lines land in order (concurrent calls may reach the gateway in any order).
  for (const { klass, slip, n, item, quantity } of jobs) {
    const line = {
      id: `${slip}-${n + 1}`,
      slip,
      at,
      item: item.id,
      name: item.name,
      quantity,
      receiver: klass.head || klass.id,
      department: klass.id,
      purpose: pack.name,
      oldItem: 'none' as const,
      issuedBy: me.name,
    };
    await issueLine(w, line, klass.head, 'stores.pack', `${key}:${klass.id}:${item.id}`);
  }
  return c.redirect(`/stores/packs?pack=${encodeURIComponent(pack.name)}&done=${new Set(jobs.map((j) => j.slip)).size}`, 303);
});
