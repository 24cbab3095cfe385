/**
 * The QR check-in: a zone's poster opens /cleaning/c/{zone}; one tap on 完成 records who
 * cleaned it and when. The POST costs one snapshot read (zones, check-ins and calendar in one
 * batch) and one gateway append; repeated taps within 5 minutes record once.
 */
import { Hono } from 'hono';
import { checkins as checkinTab } from '../../../sheets-schema/index.js';
import {
  checkPhoto,
  loads,
  localDateTime,
  msg,
  newRowId,
  PHOTO_EXTENSIONS,
  photoResponse,
  publicRoute,
  render,
  requireRole,
  requireSignedIn,
  schoolCalendar,
  tapTime,
  validateInput,
  writes,
  type AppEnv,
  type Ctx,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { byZoneAndDay, checkinFrom, zoneDay, type CheckinRecord } from './logic/board.js';
import { checkinKey, recentCheckin } from './logic/checkin.js';
import { assignSlots, clockOf } from './logic/slots.js';
import { checkinRefusal, type Zone } from './logic/zones.js';
import { photoKey } from './photo.js';
import { findZone, zoneMap } from './shared.js';

export const checkinRoutes = new Hono<AppEnv>();

async function snapshot(c: Ctx) {
  const { zones, checkins, calendar } = await c.var.data.read(['zones', 'checkins', 'calendar']);
  return {
    zones: zoneMap(zones),
    records: checkins.rows.map(checkinFrom).filter((r): r is CheckinRecord => r !== null),
    calendar: schoolCalendar(calendar),
  };
}

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The active zone of `/cleaning/c/:id`, with the check-ins and calendar of the same snapshot read. */
    checkinZone: Awaited<ReturnType<typeof snapshot>> & { zone: Zone };
  }
}

/** Preamble: the zone of the QR code; no such zone (404) or an inactive one (409) is refused, saying which. */
const checkinZone = loads('checkinZone', {
  load: async (c) => {
    const state = await snapshot(c);
    const zone = findZone(state.zones, c.req.param('id') ?? '');
    return zone && { ...state, zone };
  },
  missing: (c) => refused(c, undefined, checkinRefusal(undefined, c.req.param('id') ?? '')!),
  refuse: (c, { zone }) => {
    const reason = checkinRefusal(zone, zone.id);
    return reason && refused(c, zone, reason);
  },
});

function refused(c: Ctx, zone: Zone | undefined, reason: Text) {
  return render(
    c,
    'cleaning/refused',
    { title: msg(c, 'cleaning.checkin.title'), message: msg(c, reason), zone: zone ?? null, id: c.req.param('id') ?? '' },
    { status: zone ? 409 : 404 },
  );
}

/** Today's state of a zone, for the check-in page and its confirmation. */
function today(zone: Zone, records: readonly CheckinRecord[], schoolDay: boolean, now: string) {
  const date = now.slice(0, 10);
  const mine =
    byZoneAndDay(records.filter((r) => r.zone === zone.id))
      .get(zone.id)
      ?.get(date) ?? [];
  const day = zoneDay(zone, mine, [], clockOf(now), schoolDay);
  const month = now.slice(0, 7);
  const bigCleanDone = records.find((r) => r.zone === zone.id && r.kind === 'bigClean' && r.date.startsWith(month)) ?? null;
  return { day, mine, bigCleanDone };
}

// Public so a scan by somebody not signed in says what was scanned and who may check in
// (the POST is what needs a role).
checkinRoutes.get('/c/:id', publicRoute(), checkinZone, async (c) => {
  const { zone, records, calendar } = c.var.checkinZone;
  if (!c.var.person) {
    return render(
      c,
      'cleaning/checkin',
      { title: zone.name, zone, signInNext: encodeURIComponent(`/cleaning/c/${zone.id}`) },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const now = localDateTime();
  const state = today(zone, records, calendar.isSchoolDay(now.slice(0, 10)), now);
  return render(c, 'cleaning/checkin', {
    title: zone.name,
    zone,
    ...state,
    schoolDay: calendar.isSchoolDay(now.slice(0, 10)),
    canPhoto: Boolean(c.env.PHOTOS),
    formKey: crypto.randomUUID(),
  });
});

checkinRoutes.post('/c/:id', requireRole('head', 'staff', 'class_head', 'teacher'), checkinZone, async (c) => {
  const { zone: z, records, calendar } = c.var.checkinZone;
  const person = c.var.person!;
  const body = await c.req.parseBody();
  const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const kind = field('kind') === 'bigClean' ? 'bigClean' : 'routine';
  // The time of the tap, which the phone's outbox may send later (src/core/pwa/tap-time.ts).
  const tap = tapTime(c, body.tapped_at);
  const now = tap.local;
  const schoolDay = calendar.isSchoolDay(now.slice(0, 10));
  const again = (first: CheckinRecord) =>
    render(c, 'cleaning/checked', {
      title: z.name,
      zone: z,
      duplicate: true,
      time: first.time,
      who: first.person,
      slot: null,
      ...today(z, records, schoolDay, now),
    });

  const earlier = recentCheckin(records, z.id, person.id, now, kind);
  if (earlier) return again(earlier);

  const { values, errors } = validateInput(checkinTab, { note: field('note') }, { partial: true });
  const photoCheck = await checkPhoto(body.photo);
  if (photoCheck.error) errors.photo = photoCheck.error;
  if (photoCheck.photo && !c.env.PHOTOS) errors.photo = bilingual('cleaning.photoStorageNotConfigured');
  if (Object.keys(errors).length) {
    return render(
      c,
      'cleaning/checkin',
      {
        title: z.name,
        zone: z,
        ...today(z, records, schoolDay, now),
        schoolDay,
        canPhoto: Boolean(c.env.PHOTOS),
        formKey: field('_key'),
        note: field('note'),
        errors: Object.values(errors),
      },
      { status: 422 },
    );
  }

  const rowId = newRowId('CK');
  let photo = '';
  if (photoCheck.photo && c.env.PHOTOS) {
    const key = photoKey(rowId, photoCheck.photo.ext);
    await c.env.PHOTOS.put(key, photoCheck.photo.bytes, { httpMetadata: { contentType: photoCheck.photo.type } });
    photo = `${new URL(c.req.url).origin}/cleaning/photos/${rowId}.${photoCheck.photo.ext}`;
  }
  // The slot this tap fills, by the same rule the Today view uses.
  let slot: Text | null = null;
  if (kind === 'routine' && schoolDay) {
    const mine = records.filter((r) => r.zone === z.id && r.kind === 'routine' && r.date === now.slice(0, 10));
    const self = { time: now } as CheckinRecord;
    slot = assignSlots(z.slots, [...mine, self], '24:00', (r) => clockOf(r.time)).find((s) => s.checkin === self)?.slot.label ?? null;
  }
  const note = typeof values.note === 'string' ? values.note : '';
  const receipt = await writes(c).append(
    'checkins',
    {
      id: rowId,
      time: now,
      zone: z.id,
      zoneName: z.name,
      kind,
      slot: slot?.zh ?? '',
      person: person.name,
      personId: person.id,
      issue: note !== '' || photo !== '',
      note,
      photo,
    },
    kind === 'bigClean' ? 'cleaning.bigClean' : 'cleaning.checkin',
    checkinKey(z.id, person.id, tap.ms, kind),
  );
  if (receipt.duplicate) {
    const first = recentCheckin(records, z.id, person.id, now, kind);
    return render(c, 'cleaning/checked', {
      title: z.name,
      zone: z,
      duplicate: true,
      time: first?.time ?? now,
      who: person.name,
      slot: null,
      ...today(z, records, schoolDay, now),
    });
  }
  const self: CheckinRecord = {
    id: receipt.rowId,
    time: now,
    date: now.slice(0, 10),
    zone: z.id,
    kind,
    person: person.name,
    personId: person.id,
    issue: note !== '',
    note,
    row: 0,
  };
  return render(c, 'cleaning/checked', {
    title: z.name,
    zone: z,
    duplicate: false,
    time: now,
    who: person.name,
    slot,
    bigClean: kind === 'bigClean',
    receipt,
    note,
    photo,
    reportRef: note || photo ? `cleaning:${receipt.rowId}` : null,
    canHazard: person.role === 'head' || person.role === 'staff',
    ...today(z, [...records, self], schoolDay, now),
  });
});

/** Check-in photos, to signed-in people only. */
checkinRoutes.get('/photos/:file', requireSignedIn(), async (c) => {
  const file = c.req.param('file');
  return photoResponse(c, new RegExp(`^CK-\\d{8}-[0-9A-Z]{8}\\.(${PHOTO_EXTENSIONS})$`).test(file) ? `cleaning/${file}` : null);
});
