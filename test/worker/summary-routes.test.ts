/**
 * The summary in the real app over the demo school: every module that has a summary
 * section appears in the report (whatever modules exist), the desk links to the report,
 * and the menu shows it to the head of logistics and leadership only.
 */
import { describe, expect, it } from 'vitest';
import { plugins } from '../../src/plugins/index.js';
import { previousMonth, localDate } from '../../src/core/time.js';
import { call, login, personWith, sheetValues, synced } from './auth-helpers.js';

const lastMonth = previousMonth(localDate().slice(0, 7));

describe('the report over the real modules', () => {
  it('has one section per module with a summary, in menu order, each with figures', async () => {
    const res = await call(`/summary/${lastMonth}`, { login: await login(personWith('head')) });
    expect(res.status).toBe(200);
    const html = await res.text();
    const expected = plugins.filter((p) => p.summary).map((p) => p.id);
    const found = [...html.matchAll(/<section class="report-section" id="section-([\w-]+)">/g)].map((m) => m[1]);
    expect(found).toEqual(expected);
    for (const id of expected) {
      const body = html.split(`id="section-${id}"`)[1]!.split('</section>')[0]!;
      expect(body, id).not.toContain('本部分未能生成');
      expect(body, id).toMatch(/<tr data-figure="/);
    }
    expect(html).toContain('<textarea id="notable"');
  });

  it('refuses a draft for a month outside the school’s data (before the first term, or in the future), writing nothing', async () => {
    const head = await login(personWith('head'));
    for (const month of ['1999-01', '2999-12']) {
      const res = await call(`/summary/${month}/notable`, { login: head, form: { notable: '不该存在' } });
      expect(res.status, month).toBe(422);
      expect(await res.text()).toContain('不在本校的数据范围内');
      const publish = await call(`/summary/${month}/publish`, { login: head, form: { notable: 'x' } });
      expect(publish.status, month).toBe(422);
    }
    await synced();
    expect((await sheetValues('月报')).flat().filter((v) => v === '1999-01' || v === '2999-12')).toEqual([]);
  });

  it('the term summary of the demo calendar renders', async () => {
    const index = await (await call('/summary', { login: await login(personWith('head')) })).text();
    const term = /href="\/summary\/term\/([^"]+)"/.exec(index)?.[1];
    expect(term).toBeTruthy();
    const res = await call(`/summary/term/${term}`, { login: await login(personWith('leader')) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('后勤工作总结');
  });
});

describe('the desk and the menu', () => {
  it('shows the head an alert linking to last month’s report until it is published', async () => {
    const html = await (await call('/', { login: await login(personWith('head')) })).text();
    expect(html).toContain(`href="/summary/${lastMonth}"`);
    expect(html).toContain('<a href="/summary"');
  });

  it('gives leadership the menu entry, and nobody else', async () => {
    expect(await (await call('/', { login: await login(personWith('leader')) })).text()).toContain('<a href="/summary"');
    expect(await (await call('/', { login: await login(personWith('staff')) })).text()).not.toContain('<a href="/summary"');
  });
});
