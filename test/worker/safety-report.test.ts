/**
 * The 安全月报 in the real app over the demo school: the head reviews a live draft, adds
 * remarks and publishes; the report is frozen in the 安全月报 tab (RAW, with its checksum), later
 * edits to the hazards do not change it, it cannot be published twice, and leadership sees
 * only the published report.
 */
import { describe, expect, it } from 'vitest';
import { localDate, previousMonth } from '../../src/core/time.js';
import { call, data, login, personWith, sheetValues, staffEdit, synced } from './auth-helpers.js';

// Three months back: the desk's "last month" alerts (other test files) are left alone.
const month = previousMonth(previousMonth(previousMonth(localDate().slice(0, 7))));
const remark = '=1+1 消防通道已清理';
const found = (html: string) => Number(/data-figure="hazardsFound"><th scope="row">[^<]*<\/th><td class="num now">(\d+)</.exec(html)?.[1]);

describe('安全月报: review, publish, freeze', () => {
  it('is a live draft for the head and not there for leadership until published', async () => {
    const res = await call(`/summary/safety/${month}`, { login: await login(personWith('head')) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<textarea id="notable"');
    expect(html).toContain('草稿');
    expect(Number.isInteger(found(html))).toBe(true);
    expect((await call(`/summary/safety/${month}`, { login: await login(personWith('leader')) })).status).toBe(404);
  });

  it('publishes the remarks as typed (RAW) and freezes the report in the 安全月报 tab', async () => {
    const head = await login(personWith('head'));
    const saved = await call(`/summary/safety/${month}/remarks`, { login: head, form: { notable: remark } });
    expect(saved.status).toBe(303);
    const published = await call(`/summary/safety/${month}/publish`, { login: head, form: { notable: remark } });
    expect(published.status).toBe(303);
    expect(published.headers.get('Location')).toBe(`/summary/safety/${month}?done=published`);
    await synced();
    const values = await sheetValues('安全月报');
    const header = values[0] as string[];
    const row = values.find((r) => r[0] === `SR-${month}`)!;
    expect(row[header.indexOf('状态')]).toBe('已发布');
    expect(row[header.indexOf('情况说明')]).toBe(remark); // text, not a formula
    const pieces = values.filter((r) => String(r[0]).startsWith(`SR-${month}-P`));
    expect(pieces.length).toBe(row[header.indexOf('分片数')]);
    expect(String(pieces[0]![header.indexOf('快照数据')])).toContain('"kind":"safety"');
  });

  it('is what leadership reads, unchanged by later edits to the hazards, and cannot be published again', async () => {
    const leader = await login(personWith('leader'));
    const before = await (await call(`/summary/safety/${month}`, { login: leader })).text();
    expect(before).toContain('1+1 消防通道已清理'); // '=' is escaped by Handlebars
    const count = found(before);
    // A member of staff types a hazard found that month into the sheet.
    const hazards = await sheetValues('隐患');
    const h = hazards[0] as string[];
    const cells: Record<string, unknown> = {
      编号: `H-LATE-${Date.now()}`,
      发现时间: `${month}-15 10:00`,
      类别: '安全',
      地点: '锅炉房',
      隐患描述: '后补的隐患',
      整改责任人: '王',
      整改期限: `${month}-20`,
      状态: '待整改',
    };
    await staffEdit({
      data: [{ range: `'隐患'!A${hazards.length + 1}`, values: [h.map((name) => cells[name] ?? '')] }],
      valueInputOption: 'USER_ENTERED',
    });
    await data().read(['hazards'], { fresh: true });
    const after = await (await call(`/summary/safety/${month}`, { login: leader })).text();
    expect(found(after)).toBe(count);
    const again = await call(`/summary/safety/${month}/publish`, { login: await login(personWith('head')), form: { notable: 'x' } });
    expect(again.status).toBe(409);
  });

  it('leadership cannot publish', async () => {
    const res = await call(`/summary/safety/${month}/publish`, { login: await login(personWith('leader')), form: { notable: 'x' } });
    expect(res.status).toBe(403);
  });
});
