/**
 * The asset register's filters and alerts nobody had tested: the responsible-person filter,
 * the borrower's own overdue alert on the desk, and label sheets chosen by category, "new
 * since" and a list of tags. Expected sets are computed from the register itself.
 */
import { describe, expect, it } from 'vitest';
import { call, data, demoPeople, login, personWith } from './auth-helpers.js';

const tagsIn = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!).sort();
const listed = (html: string) => tagsIn(html, /<a href="\/assets\/([^"]+)">\1<\/a>/g);
const labelled = (html: string) => tagsIn(html, /<div class="label-tag">([^<]+)<\/div>/g);

describe('asset list: responsible person', () => {
  it('shows exactly the items of that person, alone and with another filter', async () => {
    const head = await login(personWith('head'));
    const { assets } = await data().read(['assets']);
    // Someone responsible for a handful of items (so the page is not cut at 200).
    const counts = new Map<string, number>();
    for (const a of assets.rows) counts.set(String(a.values.responsible ?? ''), (counts.get(String(a.values.responsible ?? '')) ?? 0) + 1);
    const [name] = [...counts.entries()].find(([n, c]) => n && c >= 3 && c <= 150)!;
    const mine = assets.rows.filter((a) => a.values.responsible === name);
    const html = await (await call(`/assets?responsible=${encodeURIComponent(name)}`, { login: head })).text();
    expect(listed(html)).toEqual(mine.map((a) => a.id).sort());
    // With a category too: the intersection, nothing else.
    const category = String(mine[0]!.values.category);
    const both = await (await call(`/assets?responsible=${encodeURIComponent(name)}&category=${category}`, { login: head })).text();
    expect(listed(both)).toEqual(
      mine
        .filter((a) => a.values.category === category)
        .map((a) => a.id)
        .sort(),
    );
    // Typed with spaces or in full width, the same person is found.
    const spaced = await (await call(`/assets?responsible=${encodeURIComponent(` ${[...name].join(' ')} `)}`, { login: head })).text();
    expect(listed(spaced)).toEqual(mine.map((a) => a.id).sort());
    const nobody = await (await call(`/assets?responsible=${encodeURIComponent('不存在的人')}`, { login: head })).text();
    expect(listed(nobody)).toEqual([]);
  });
});

describe('desk: the borrower’s own overdue loans', () => {
  it('tells the borrower (and only them) how many of their loans are overdue', async () => {
    const { assetLoans } = await data().read(['assetLoans']);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // Handed over and not back (a loan still waiting for approval is nobody's overdue item).
    const overdue = assetLoans.rows.filter(
      (l) => (!l.values.status || l.values.status === 'lent') && !l.values.returnedOn && String(l.values.due) < today,
    );
    const people = demoPeople();
    const borrower = people.find(
      (p) => p.active && (p.role === 'teacher' || p.role === 'class_head') && overdue.some((l) => l.values.borrower === p.name),
    );
    expect(borrower, 'the demo has an overdue loan of a teacher').toBeDefined();
    const theirs = overdue.filter((l) => l.values.borrower === borrower!.name).length;
    const desk = await (await call('/', { login: await login(borrower!) })).text();
    expect(desk).toContain(`您借用的 ${theirs} 件物品已逾期，请尽快归还`);

    const other = people.find((p) => p.active && p.role === 'teacher' && !assetLoans.rows.some((l) => l.values.borrower === p.name))!;
    expect(await (await call('/', { login: await login(other) })).text()).not.toContain('件物品已逾期，请尽快归还');
    // Logistics sees the school-wide warning instead, linking to the overdue list.
    const head = await (await call('/', { login: await login(personWith('head')) })).text();
    expect(head).toContain(`${overdue.length} 件借用物品逾期未还`);
    expect(head).not.toContain('您借用的');
  });
});

describe('label sheets', () => {
  it('chooses labels by category, by "new since", and by a list of tags (any case or width)', async () => {
    const head = await login(personWith('head'));
    const { assets, assetEvents } = await data().read(['assets', 'assetEvents']);
    const inService = assets.rows.filter((a) => a.values.status !== 'written_off');

    const sports = await (await call('/assets/labels?category=sports', { login: head })).text();
    const expectedSports = inService
      .filter((a) => a.values.category === 'sports')
      .map((a) => a.id)
      .sort();
    expect(expectedSports.length).toBeGreaterThan(0);
    expect(labelled(sports)).toEqual(expectedSports);
    expect(sports).toContain(`共 ${expectedSports.length} 张标签。`);

    const since = '2025-09-01';
    const registered = new Set(
      assetEvents.rows.filter((e) => e.values.type === 'registered' && String(e.values.at) >= since).map((e) => String(e.values.tag)),
    );
    const expectedNew = inService
      .filter((a) => registered.has(a.id) || String(a.values.acquired ?? '') >= since)
      .map((a) => a.id)
      .sort();
    expect(expectedNew.length).toBeGreaterThan(0);
    expect(expectedNew.length).toBeLessThan(inService.length);
    expect(labelled(await (await call(`/assets/labels?since=${since}`, { login: head })).text())).toEqual(expectedNew);

    const [a, b] = inService.map((x) => x.id).sort();
    const fullWidth = b!.replace(/[A-Z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const listedTags = await (
      await call(`/assets/labels?tags=${encodeURIComponent(`${a!.toLowerCase()}，${fullWidth} NO-SUCH-TAG`)}`, { login: head })
    ).text();
    expect(labelled(listedTags)).toEqual([a, b].sort());

    const bad = await call('/assets/labels?since=去年九月', { login: head });
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toContain('日期请写成 2026-09-01 这样的格式。');
    expect(labelled(badHtml)).toEqual([]);
  });
});
