/**
 * Irreversible steps are two taps (issue #13 item 11): closing a stocktake, publishing a
 * report and signing out each sit behind a <details> that explains the step first. It is
 * plain HTML, so it works without JavaScript and inside htmx pages alike.
 */
import { describe, expect, it } from 'vitest';
import { localDate, previousMonth } from '../../src/core/time.js';
import { call, login, marker, personWith } from './auth-helpers.js';

/** The <details> (its class and inner HTML) that holds the submit posting to `action`, or null. */
function detailsAround(html: string, action: RegExp): { cls: string; body: string } | null {
  for (const m of html.matchAll(/<details class="([^"]+)">([\s\S]*?)<\/details>/g)) {
    if (action.test(m[2]!)) return { cls: m[1]!, body: m[2]! };
  }
  return null;
}

describe('irreversible steps ask first', () => {
  it('closing a stocktake: the close button is inside a confirmation that says what closing does', async () => {
    const who = await login(personWith('head'));
    const open = await call('/assets/stocktakes', { login: who, form: { name: marker('确认测试盘点'), rooms: '校门' } });
    const id = open.headers.get('Location')!.split('/').pop()!;
    const html = await (await call(`/assets/stocktakes/${id}`, { login: who })).text();
    const confirm = detailsAround(html, new RegExp(`/assets/stocktakes/${id}/close|确定，继续`));
    expect(confirm?.cls).toBe('confirm');
    expect(confirm!.body).toContain('未勾选的将记为缺失');
    // Nothing counted yet: the match rate is "—", not 0% with every item missing.
    expect(html).toMatch(/class="match-rate">[^<]*<strong>—<\/strong>/);
    // The only submit for closing is the one inside the confirmation.
    const form = html.split(`action="/assets/stocktakes/${id}/close"`)[1]!.split('</form>')[0]!;
    expect(form.split('<details')[0]).not.toMatch(/<button/);
  });

  it('publishing a report: the publish button is inside a confirmation, in both languages', async () => {
    const who = await login(personWith('head'));
    const month = previousMonth(localDate().slice(0, 7));
    for (const [lang, text] of [
      ['zh-CN', '发布后报告冻结'],
      ['en', 'Once published the report is frozen'],
    ] as const) {
      const html = await (await call(`/summary/${month}?lang=${lang}`, { login: who })).text();
      const confirm = detailsAround(html, new RegExp(`formaction="/summary/${month}/publish"`));
      expect(confirm?.cls, lang).toBe('confirm');
      expect(confirm!.body).toContain(text);
    }
  });

  it('signing out: behind the person’s name, away from the language link, with a full-size button', async () => {
    const html = await (await call('/', { login: await login(personWith('staff')) })).text();
    const menu = detailsAround(html, /action="\/auth\/signout"/);
    expect(menu?.cls).toBe('account');
    expect(menu!.body).toMatch(/<button class="sign-out">退出登录<\/button>/);
    expect(menu!.body).not.toContain('class="lang"');
  });
});

describe('an asset’s history reads as a sentence', () => {
  it('a line with only one room, or only the new person, has no dangling arrows (物理实验室 → → 梁晓燕)', async () => {
    const { typeRows, reread } = await import('./cleaning-helpers.js');
    const tag = 'JJ-0001';
    const note = marker('历史');
    await typeRows('资产变动记录', [
      {
        记录号: `EV-${note}`,
        时间: '2026-11-02 10:00:00',
        资产编号: tag,
        变动类型: '移动',
        原地点: '物理实验室',
        新地点: '',
        新责任人: '梁晓燕',
        说明: note,
        经办人: '测试',
      },
    ]);
    await reread('assetEvents');
    const html = await (await call(`/assets/${tag}`, { login: await login(personWith('head')) })).text();
    const line = html.split('<tr>').find((row) => row.includes(note))!;
    expect(line).toContain('物理实验室');
    expect(line).toContain('梁晓燕');
    expect(line).not.toMatch(/→\s*→|→\s*</);
  });
});
