/**
 * A Sheets read outage (every read answering 429, as when the read quota is spent) seen
 * through the whole app: once the cached tabs pass the staleness window, pages still show
 * the old data with a banner and QR check-ins are still queued and acknowledged — no 500.
 * Runs on its own emulator and school (host outage.portal.test) so its faults reach no
 * other test file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { call, login, personWith } from './auth-helpers.js';
import { emulator, gateway, settled } from './sync-helpers.js';

const origin = 'https://outage.portal.test';
const emu = emulator('outage');
const id = () => inject('outageSpreadsheetId');

afterAll(async () => {
  await emu.configure({ faults: { rate: 0 } });
});

describe('a Sheets read outage after the cache went stale', () => {
  it('serves every page from the old snapshot with a banner and acknowledges every check-in', async () => {
    const data = await gateway(id(), { readStalenessMs: 300, backoffBaseMs: 20, backoffCapMs: 100 }, 'outage');
    const head = await login(personWith('head'));
    const staff = await login(personWith('staff'));
    // Nothing cached yet and Google refusing: the Sheets page (503, saying why), not a generic 500.
    await emu.configure({ faults: { rate: 1, kinds: ['429'], only: 'read', phase: 'before' } });
    const cold = await call('/assets', { login: head, origin });
    expect(cold.status).toBe(503);
    expect(await cold.text()).toContain('暂时无法读取表格');
    await emu.configure({ faults: { rate: 0 } });

    const pages = ['/', '/cleaning', '/assets', '/repairs', '/greening', '/cleaning/c/Z001', '/sync'];
    for (const path of pages) expect((await call(path, { login: head, origin })).status, path).toBe(200);

    const zones = ['Z001', 'Z002', 'Z003', 'Z004'];
    const before = await checkinsBy(personWith('staff').id, zones);
    await emu.configure({ faults: { rate: 1, kinds: ['429'], only: 'read', phase: 'before' } });
    await new Promise((r) => setTimeout(r, 400)); // past the staleness window

    // Many requests at once: most of them wait on another request's refresh, which fails.
    const views = pages.flatMap((path) => [head, staff].map((l) => call(path, { login: l, origin })));
    const checkins = zones.map((zone) => call(`/cleaning/c/${zone}`, { login: staff, origin, form: { kind: 'routine' } }));
    const answers = await Promise.all([...views, ...checkins]);
    const statuses = answers.map((r) => r.status);
    expect(
      statuses.filter((s) => s !== 200),
      JSON.stringify(statuses),
    ).toEqual([]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const html of bodies.slice(views.length)) expect(html).toContain('已打卡');
    // A full page says the data is old and why, in words a user understands.
    const desk = bodies[0]!;
    expect(desk).toContain('stale-banner');
    expect(desk).toContain('暂时读不到表格');
    const en = await call('/assets?lang=en', { login: head, origin });
    expect(await en.text()).toContain('showing the data as of');

    // Google comes back: the banner goes, the check-ins are in the sheet exactly once.
    await emu.configure({ faults: { rate: 0 } });
    await settled(data, 30_000);
    await data.read(['people'], { fresh: true });
    expect(await (await call('/', { login: head, origin })).text()).not.toContain('stale-banner');
    expect(await checkinsBy(personWith('staff').id, zones)).toBe(before + zones.length);
  }, 60_000);
});

async function checkinsBy(person: string, zones: readonly string[]): Promise<number> {
  const [header, ...rows] = await emu.values(id(), '保洁打卡');
  const who = (header as string[]).indexOf('人员编号');
  const zone = (header as string[]).indexOf('责任区编号');
  return rows.filter((r) => r[who] === person && zones.includes(String(r[zone]))).length;
}
