/** The sync engine as people see it: the saved → synced badge, and the conflicts page. */
import { describe, expect, it } from 'vitest';
import { call, data, emulatorUrl, login, marker, personWith, sheetValues, spreadsheetId, staffEdit, synced } from './auth-helpers.js';

const form = (name: string) => ({ name, category: 'tools', status: 'in_use' });

describe('sync badge', () => {
  it('shows "saved · syncing" right after a write, then "synced" once the row is in the sheet', async () => {
    const res = await call('/assets', { login: await login(personWith('head')), htmx: true, form: form(marker('扳手')) });
    const html = await res.text();
    const writeId = /hx-get="\/sync\/badge\/([^"]+)"/.exec(html)?.[1];
    expect(writeId).toBeTruthy();
    expect(html).toContain('同步中');
    await synced();
    const badge = await call(`/sync/badge/${writeId}`, { login: await login(personWith('staff')), htmx: true });
    const text = await badge.text();
    expect(text).toContain('已同步到表格');
    expect(text).not.toContain('hx-get'); // stops polling
  });
});

describe('conflicts page', () => {
  it('lists an update whose row staff deleted, and the head can discard it', async () => {
    const head = await login(personWith('head'));
    const name = marker('删行');
    await call('/assets', { login: head, htmx: true, form: form(name) });
    await synced();
    const values = await sheetValues('资产');
    const header = values[0] as string[];
    const rowIndex = values.findIndex((r) => r[header.indexOf('名称')] === name);
    const tag = String(values[rowIndex]![header.indexOf('资产编号')]);
    // Staff delete the row in the sheet; then the app updates it.
    const meta = (await (await fetch(`${emulatorUrl()}/__emulator/spreadsheets/${spreadsheetId()}`)).json()) as {
      sheets: Array<{ title: string; sheetId: number }>;
    };
    const sheetId = meta.sheets.find((s) => s.title === '资产')!.sheetId;
    await staffEdit({
      requests: [{ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: rowIndex, endIndex: rowIndex + 1 } } }],
    });
    await data().update(
      'assets',
      tag,
      { status: 'idle' },
      { idempotencyKey: `ui-${name}`, actor: { id: head.person.id, name: head.person.name }, action: 'test.update' },
    );
    await synced();

    const page = await call('/sync', { login: head });
    const html = await page.text();
    expect(html).toContain(tag);
    expect(html).toContain('/discard');
    const desk = await (await call('/', { login: head })).text();
    expect(desk).toContain('/sync');

    const writeId = new RegExp(`/sync/conflicts/([^/]+)/discard`).exec(html)![1]!;
    const staff = await call(`/sync/conflicts/${writeId}/discard`, { login: await login(personWith('staff')), form: {} });
    expect(staff.status).toBe(403);
    const done = await call(`/sync/conflicts/${writeId}/discard`, { login: head, form: {} });
    expect(done.status).toBe(303);
    expect(await (await call('/sync', { login: head })).text()).not.toContain(`/sync/conflicts/${writeId}/`);
  });
});
