/**
 * 现场问题 (field reports): problems people reported in other modules' check-ins — a gardener's
 * 发现问题, a cleaner's note and photo — gathered through every module's `reports` hook. One
 * tap turns a report into a repair request or a hazard: its place, words, reporter and photos
 * are carried over, and the new row's 来源 names the report, so it leaves the list (and a
 * second tap, from anyone, lands on the same row). Reports older than `REPORT_DAYS` drop off.
 * A report's place is the module's own (a green area, a zone), not necessarily a 场所 room.
 */
import { Hono } from 'hono';
import {
  addDays,
  localDate,
  localDateTime,
  newRowId,
  PHOTO_EXTENSIONS,
  readForm,
  render,
  requireRole,
  roles,
  signedIn,
  t,
  writes,
  type AppEnv,
  type Ctx,
  type FieldReport,
  type Plugin,
  type SchoolData,
} from '../../core/kit.js';
import { repairRules } from './model.js';
import { event } from './routes.js';
import { enums, workers } from './shared.js';

export const REPORT_DAYS = 14;

/** Reports of the last `REPORT_DAYS` days no repair or hazard has taken yet, newest first. */
export async function openReports(data: SchoolData, plugins: readonly Plugin[], today: string): Promise<FieldReport[]> {
  const [{ repairs, hazards }, ...lists] = await Promise.all([
    data.read(['repairs', 'hazards']),
    ...plugins.map((p) => (p.reports ? p.reports(data) : Promise.resolve([]))),
  ]);
  const taken = new Set([...repairs.rows, ...hazards.rows].map((r) => (r.values.source ?? '').trim()).filter(Boolean));
  const since = addDays(today, -REPORT_DAYS);
  return lists
    .flat()
    .filter((r) => !taken.has(r.ref) && r.at.slice(0, 10) >= since)
    .sort((a, b) => b.at.localeCompare(a.at));
}

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/reports', requireRole(...roles.office), async (c) => {
  const rows = await openReports(c.var.data, c.var.plugins, localDate());
  return render(c, 'repairs/reports', { title: t(c.var.locale, 'repairs.reports'), rows, days: REPORT_DAYS });
});

/** The report, or the repair / hazard that already took it (a second tap, a re-sent form). */
async function lookUp(c: Ctx, ref: string) {
  const { repairs, hazards } = await c.var.data.read(['repairs', 'hazards'], { fresh: true });
  const repair = repairs.rows.find((r) => (r.values.source ?? '').trim() === ref);
  if (repair) return { taken: `/repairs/${encodeURIComponent(repair.id)}` };
  const hazard = hazards.rows.find((r) => (r.values.source ?? '').trim() === ref);
  if (hazard) return { taken: `/repairs/hazards/${encodeURIComponent(hazard.id)}` };
  const all = await Promise.all(c.var.plugins.map((p) => (p.reports ? p.reports(c.var.data) : Promise.resolve([]))));
  return { report: all.flat().find((r) => r.ref === ref) ?? null };
}

function gone(c: Ctx, ref: string) {
  return render(
    c,
    'error',
    { title: t(c.var.locale, 'repairs.reports'), message: t(c.var.locale, 'repairs.reportNotFound', { ref }) },
    { status: 404 },
  );
}

/** Copies the report's photos to where repair photos live (`<request id>/<n>.<ext>`). */
async function copyPhotos(c: Ctx, keys: readonly string[], repairId: string): Promise<string[]> {
  const bucket = c.env.PHOTOS;
  if (!bucket) return [];
  const origin = new URL(c.req.url).origin;
  const urls: string[] = [];
  for (const key of keys.slice(0, repairRules.maxPhotos)) {
    const photo = await bucket.get(key);
    const ext = new RegExp(`\\.(${PHOTO_EXTENSIONS})$`).exec(key)?.[1];
    if (!photo || !ext) continue;
    const target = `${repairId}/${urls.length + 1}.${ext}`;
    await bucket.put(target, await photo.arrayBuffer(), { httpMetadata: photo.httpMetadata });
    urls.push(`${origin}/repairs/photos/${target}`);
  }
  return urls;
}

const from = (c: Ctx, r: FieldReport) =>
  t(c.var.locale, 'repairs.fromReport', { module: t(c.var.locale, r.module), by: r.by, at: r.at.replace('T', ' ').slice(0, 16) });

/** The field report a handoff form names: a redirect when it was already handed off, a gone page when it is not there. */
async function reportOf(c: Ctx): Promise<Response | { ref: string; report: FieldReport }> {
  const ref = (await readForm(c)).text('ref', 60);
  const found = await lookUp(c, ref);
  if (found.taken) return c.redirect(found.taken, 303);
  return found.report ? { ref, report: found.report } : gone(c, ref);
}

reportRoutes.post('/reports/repair', requireRole(...roles.writers), async (c) => {
  const person = signedIn(c);
  const picked = await reportOf(c);
  if (picked instanceof Response) return picked;
  const { ref, report } = picked;
  const id = newRowId('R');
  const photos = await copyPhotos(c, report.photos, id);
  const now = localDateTime();
  const key = `repair.fromReport:${ref}`;
  const receipt = await writes(c).append(
    'repairs',
    {
      id,
      reportedAt: now,
      reporter: report.by || person.name,
      reporterId: report.byId || (report.by ? null : person.id),
      room: report.place.slice(0, 60),
      category: 'other',
      description: report.description.slice(0, 500),
      urgency: 'small',
      status: 'reported',
      holiday: false,
      photos: photos.join('\n'),
      source: ref,
      updatedAt: now,
      updatedBy: person.name,
    },
    'repair.fromReport',
    key,
  );
  if (!receipt.duplicate) await event(c, receipt.rowId, 'report', 'reported', from(c, report), `${key}:event`);
  return c.redirect(`/repairs/${encodeURIComponent(receipt.rowId)}?saved=report`, 303);
});

reportRoutes.post('/reports/hazard', requireRole(...roles.office), async (c) => {
  const person = signedIn(c);
  const picked = await reportOf(c);
  if (picked instanceof Response) return picked;
  const { ref, report } = picked;
  const { people } = await c.var.data.read(['people']);
  // The gardener or cleaner who saw it owns the rectification when they are a logistics worker.
  const owner = workers(people).find((w) => w.id === report.byId || w.name === report.by)?.name ?? person.name;
  const now = localDateTime();
  const area = enums.areas.find((a) => a.key === report.hazardArea)?.key ?? 'safety';
  const receipt = await writes(c).append(
    'hazards',
    {
      id: newRowId('H'),
      foundAt: report.at,
      foundBy: report.by || person.name,
      area,
      room: report.place.slice(0, 60),
      description: `${report.description}（${from(c, report)}）`.slice(0, 500),
      owner,
      deadline: addDays(localDate(), repairRules.hazardDays),
      status: 'open',
      source: ref,
      updatedAt: now,
      updatedBy: person.name,
    },
    'hazard.fromReport',
    `hazard.fromReport:${ref}`,
  );
  return c.redirect(`/repairs/hazards/${encodeURIComponent(receipt.rowId)}?saved=1`, 303);
});
