import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/core/i18n/index.js';
import { glossary } from '../../src/core/i18n/glossary.js';
import { messages } from '../../src/core/i18n/messages.js';
import { helperNames } from '../../src/core/views/helper-names.js';
import { buildTemplates } from '../../tools/build.js';

describe('i18n', () => {
  it('is Chinese first, fills placeholders, and has English for every message', () => {
    expect(t('zh-CN', 'common.results', { count: 3 })).toBe('共 3 条');
    expect(t('en', 'common.results', { count: 3 })).toBe('3 results');
    for (const [key, text] of Object.entries({ ...messages, ...glossary })) {
      expect(text.zh, key).not.toBe('');
      expect(text.en, key).not.toBe('');
    }
  });
  it('uses one glossary term for each domain word', () => {
    expect(t('en', 'term.repair')).toBe('Repair request');
  });
});

describe('helpers', () => {
  it('or / and give a value like || and && (a figure, never `true`)', async () => {
    const { helpers } = await import('../../src/core/views/helpers.js');
    const opts = { hash: {}, data: { root: { locale: 'zh-CN' } } };
    expect(helpers.or(85.3, '—', opts)).toBe(85.3);
    expect(helpers.or(null, '—', opts)).toBe('—');
    expect(helpers.and('a', 'b', opts)).toBe('b');
    expect(helpers.and('', 'b', opts)).toBe('');
  });
});

describe('precompiled views', () => {
  it('build every template with the known helpers only', () => {
    const out = buildTemplates();
    expect(out).toContain('"layout"');
    expect(out).toContain('"assets/list"');
    expect(out).toContain('"assets/results"'); // the partial
  });
  it('refuse a template that calls an unknown helper', () => {
    const knownHelpers = Object.fromEntries(helperNames.map((n) => [n, true]));
    expect(() => Handlebars.precompile('{{evil x}}', { knownHelpers, knownHelpersOnly: true })).toThrow();
  });
  it('escape user data', () => {
    const spec = Handlebars.precompile('<td>{{name}}</td>', {});
    const render = Handlebars.template(new Function(`return ${spec}`)());
    expect(render({ name: '<script>alert(1)</script>' })).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });
  it('never name a value the way a helper is named: {{date}} would call the helper (blank), not read the field', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) =>
        statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.hbs') ? [join(dir, n)] : [],
      );
    const bare = new RegExp(`\\{\\{(${helperNames.join('|')})\\}\\}`, 'g');
    for (const file of walk('views')) expect(readFileSync(file, 'utf8').match(bare) ?? [], `${file}: write {{this.name}}`).toEqual([]);
  });
  it('never use triple-stash except for the layout body', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) =>
        statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.hbs') ? [join(dir, n)] : [],
      );
    for (const file of walk('views')) {
      const triples = readFileSync(file, 'utf8').match(/\{\{\{[^}]*\}\}\}/g) ?? [];
      expect(
        triples.filter((x) => x !== '{{{body}}}'),
        file,
      ).toEqual([]);
    }
  });
});

describe('time helpers', () => {
  it('show instants (ISO with Z or an offset) in school time, and sheet-local times as they are', async () => {
    const { helpers } = await import('../../src/core/views/helpers.js');
    expect(helpers.datetime('2026-10-05T18:30:00.000Z')).toBe('2026-10-06 02:30');
    expect(helpers.datetime('2026-10-05T10:30:00+08:00')).toBe('2026-10-05 10:30');
    expect(helpers.datetime('2026-10-05T10:30:00')).toBe('2026-10-05 10:30');
    expect(helpers.date('2026-10-05T20:00:00Z')).toBe('2026-10-06');
    expect(helpers.date('2026-10-05')).toBe('2026-10-05');
    expect(helpers.datetime(null)).toBe('');
  });
});

describe('English plurals', () => {
  it('agree with the number: one request awaits, two requests await', () => {
    expect(t('en', 'common.results', { count: 1 })).toBe('1 result');
    expect(t('en', 'common.results', { count: 2 })).toBe('2 results');
    expect(t('en', { zh: '', en: '{count} {count|request|requests} {count|awaits|await} approval' }, { count: 1 })).toBe(
      '1 request awaits approval',
    );
    expect(t('en', { zh: '', en: '{count} {count|request|requests} {count|awaits|await} approval' }, { count: 0 })).toBe(
      '0 requests await approval',
    );
  });

  it('are written that way in every catalog: no "{count} requests" that reads "1 requests"', () => {
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const wrong = sources.flatMap((f) =>
      readFileSync(join('src', f), 'utf8')
        .split('\n')
        .filter((line) => /\{count\} ([a-z-]+ )?[a-z]+s\b/.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('open-in-the-spreadsheet links', () => {
  it('open the cell in Google Sheets, or in the local grid with edit= (the grid ignores cell=)', async () => {
    const { helpers } = await import('../../src/core/views/helpers.js');
    const opts = (sheetBase: string) => ({ hash: {}, data: { root: { locale: 'zh-CN', sheetBase, spreadsheetId: 'S1' } } });
    expect(helpers.sheetLink('资产', 7, 'B12', opts('https://docs.google.com'))).toBe(
      'https://docs.google.com/spreadsheets/d/S1/edit#gid=7&range=B12',
    );
    expect(helpers.sheetLink('资产', 7, 'B12', opts('http://127.0.0.1:8788'))).toBe(
      `http://127.0.0.1:8788/grid/S1?sheet=${encodeURIComponent('资产')}&edit=B12`,
    );
  });
});
