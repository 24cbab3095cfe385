/** Zones: the list, adding one (a responsible party is required), and QR posters (A4/A5). */
import { Hono } from 'hono';
import { roomTypes, zonePartyTypes, zoneRoutines, zones as zoneTab } from '../../../sheets-schema/index.js';
import {
  idempotencyKey,
  isHtmx,
  msg,
  qrDataUri,
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
import { cleaningMessages } from './messages.js';
import type { Zone } from './logic/zones.js';
import { buildings, findZone, zoneMap, zonesOf } from './shared.js';

export const zoneRoutes = new Hono<AppEnv>();

const formFieldKeys = [
  'name',
  'building',
  'type',
  'partyType',
  'party',
  'routine',
  'checks',
  'bigClean',
  'disinfect',
  'checklist',
] as const;
const cols = Object.fromEntries(zoneTab.columns.map((col) => [col.key, { zh: col.zh, en: col.en }]));
const NO_PARTY: Text = cleaningMessages['cleaning.nameResponsiblePartyEvery'];

zoneRoutes.get('/zones', requireRole(...roles.everyone), async (c) => {
  const { zones } = await c.var.data.read(['zones']);
  const building = c.req.query('building') ?? '';
  const all = zonesOf(zones);
  return render(c, 'cleaning/zones', {
    title: msg(c, 'term.zone'),
    zones: building ? all.filter((z) => z.building === building) : all,
    building,
    buildings: buildings(all),
    cols,
    partyTypes: zonePartyTypes,
    roomTypes,
    routines: zoneRoutines,
    sheetTitle: zones.title,
    added: c.req.query('added') ?? null,
    canManage: c.var.person?.role === 'head',
    canPrint: c.var.person?.role === 'head' || c.var.person?.role === 'staff',
  });
});

zoneRoutes.get('/zones/new', requireRole('head'), async (c) => {
  // 责任区 is read so a column missing from it is said on the form (`column-warn`), before saving.
  await c.var.data.read(['zones']);
  return render(c, 'cleaning/zone-form', formData(c, { partyType: 'class', bigClean: 'on' }, {}));
});

zoneRoutes.post('/zones', requireRole('head'), async (c) => {
  const fields = (await readForm(c)).fields();
  const input: Record<string, string> = {};
  for (const k of formFieldKeys) input[k] = fields[k] ?? '';
  input.bigClean = fields.bigClean ? '是' : '否';
  input.disinfect = fields.disinfect ? '是' : '否';
  const { values, errors } = validateInput(zoneTab, input, { skip: ['id', 'notes', 'active'] });
  if (errors.party || !(values.party ?? '').trim()) errors.party = NO_PARTY;
  const { zones } = await c.var.data.read(['zones'], { fresh: false });
  if (Object.keys(errors).length) return render(c, 'cleaning/zone-form', formData(c, fields, errors), { status: 422 });
  const person = c.var.person!;
  const highest = zones.rows.reduce((max, r) => Math.max(max, /^Z(\d+)$/.exec(r.id) ? Number(r.id.slice(1)) : 0), 0);
  const n = await c.var.data.nextSequence('zones:Z', highest + 1);
  const id = `Z${String(n).padStart(3, '0')}`;
  const receipt = await writes(c).append(
    'zones',
    { ...values, id, active: true },
    'cleaning.zone.add',
    idempotencyKey('cleaning.zone.add', person, fields._key),
  );
  if (!isHtmx(c)) return c.redirect(`/cleaning/zones?added=${encodeURIComponent(receipt.rowId)}`, 303);
  return render(c, 'cleaning/zone-saved', { id: receipt.rowId, name: values.name, receipt });
});

function formData(c: Ctx, input: Record<string, string>, errors: Record<string, Text>) {
  return {
    title: msg(c, 'cleaning.zone.add'),
    input,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    cols,
    partyTypes: zonePartyTypes,
    roomTypes,
    routines: zoneRoutines,
    formKey: input._key || crypto.randomUUID(),
  };
}

function poster(c: Ctx, zone: Zone) {
  const url = `${new URL(c.req.url).origin}/cleaning/c/${encodeURIComponent(zone.id)}`;
  return { zone, url, qr: qrDataUri(url, { title: zone.name }) };
}

/** One zone's poster; ?size=a5 for the smaller sheet. */
zoneRoutes.get('/zones/:id/poster', requireRole('head', 'staff'), async (c) => {
  const { zones } = await c.var.data.read(['zones']);
  const zone = findZone(zoneMap(zones), c.req.param('id'));
  if (!zone)
    return render(
      c,
      'error',
      { title: msg(c, 'cleaning.poster'), message: msg(c, 'cleaning.zoneNotFound', { id: c.req.param('id') }) },
      { status: 404 },
    );
  return render(c, 'cleaning/posters', {
    title: `${msg(c, 'cleaning.poster')} ${zone.name}`,
    posters: [poster(c, zone)],
    size: c.req.query('size') === 'a5' ? 'a5' : 'a4',
  });
});

/** Every active zone's poster (optionally one building), one per page. */
zoneRoutes.get('/posters', requireRole('head', 'staff'), async (c) => {
  const { zones } = await c.var.data.read(['zones']);
  const building = c.req.query('building') ?? '';
  const list = zonesOf(zones).filter((z) => z.active && (!building || z.building === building));
  return render(c, 'cleaning/posters', {
    title: msg(c, 'cleaning.posters'),
    posters: list.map((z) => poster(c, z)),
    size: c.req.query('size') === 'a5' ? 'a5' : 'a4',
  });
});
