/**
 * Every page a person can open renders cleanly in both languages: each GET route without
 * parameters in the real app, opened by the head of logistics (the district's pages by a
 * district director on the district's host) — no error status, no
 * "[object Object]", "undefined" or "NaN" leaking from a template.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { prefetchTabs } from '../../src/core/pages.js';
import { plugins } from '../../src/plugins/index.js';
import { call, login, personWith } from './auth-helpers.js';

// The district's pages are opened by a district person on the district's host.
const DISTRICT = {
  origin: 'https://district.portal.test',
  person: { id: 'D001', name: 'D001', role: 'district_director', unit: '', phone: '', active: true } as const,
};
const isDistrict = (path: string) => path === '/district' || path.startsWith('/district/');

const pages = [
  ...new Set(
    createApp()
      .routes.filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.includes('*'))
      .map((r) => r.path),
  ),
];

describe('every page renders cleanly', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`in ${lang}: ${pages.length} pages`, async () => {
      const head = await login(personWith('head'));
      const director = await login(DISTRICT.person);
      const bad: string[] = [];
      for (const path of pages) {
        const as = isDistrict(path) ? { login: director, origin: DISTRICT.origin } : { login: head };
        const res = await call(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, as);
        const html = await res.text();
        if (res.status >= 400 && res.status !== 404) bad.push(`${path}: HTTP ${res.status}`);
        for (const leak of ['[object Object]', '>undefined<', ' undefined ', 'NaN']) if (html.includes(leak)) bad.push(`${path}: ${leak}`);
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('prefetch', () => {
  it("asks for the page's plugin tabs with 人员, every tab for the desk, only 人员 elsewhere", () => {
    expect(prefetchTabs(plugins, '/assets/JJ-0001')).toEqual(expect.arrayContaining(['people', 'assets', 'assetEvents', 'rooms']));
    expect(prefetchTabs(plugins, '/assetsX')).toEqual(['people']);
    expect(prefetchTabs(plugins, '/')).toEqual(expect.arrayContaining(['people', 'assets', 'zones', 'repairs', 'calendar']));
    expect(prefetchTabs(plugins, '/auth/people')).toEqual(['people']);
  });
});
