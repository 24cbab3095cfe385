// The compiled views (tools/views-compiler.ts + src/core/views/runtime.ts) render exactly what
// Handlebars renders: every template, through both, with generated contexts that reach every
// name the template reads, with hostile text, numbers, 0, false, null, empty and nested lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { registerMessages } from '../../src/core/i18n/index.js';
import { helperNames } from '../../src/core/views/helper-names.js';
import { helpers } from '../../src/core/views/helpers.js';
import * as runtime from '../../src/core/views/runtime.js';
import { compileViews, viewFiles } from '../../tools/build.js';
import { runtimeNames, ViewCompiler } from '../../tools/views-compiler.js';

const runtimeFunctions = runtimeNames.map((name) => ({ ...runtime })[name]);

type Render = (context: unknown) => string;

// The modules' messages, as the Worker registers them at startup, so pages show real text with its {placeholders} filled.
for (const dir of ['src/plugins', 'src/core']) {
  for (const module of readdirSync(dir)) {
    if (module === 'i18n' || module === 'auth' || module === 'pwa') continue;
    const file = join(dir, module, 'messages.ts');
    if (!existsSync(file)) continue;
    for (const catalog of Object.values(await import(/* @vite-ignore */ `../../${file}`)))
      registerMessages(catalog as Parameters<typeof registerMessages>[0]);
  }
}

/** The Handlebars way, with the options the Worker's templates were precompiled with before. */
function handlebarsViews(): Map<string, Render> {
  const hbs = Handlebars.create();
  // Quiet: generated contexts do reach prototype names (an array's `at`), which Handlebars refuses and logs.
  hbs.logger.level = 4;
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn);
  const options = {
    knownHelpers: Object.fromEntries(helperNames.map((n) => [n, true])),
    knownHelpersOnly: true,
    strict: false,
    preventIndent: true,
    noEscape: false,
  };
  const views = new Map<string, Render>();
  for (const { file, path, name, isPartial } of viewFiles()) {
    const render = hbs.compile(readFileSync(file, 'utf8'), options);
    if (isPartial) hbs.registerPartial(name, render);
    views.set(path, render);
  }
  return views;
}

/** The compiled way: the code tools/build.ts writes to src/generated/templates.ts, run on the runtime. */
function compiledViews(): Map<string, Render> {
  const views = compileViews();
  const object = (partial: boolean) =>
    `{${views
      .filter((v) => v.isPartial === partial)
      .map((v) => `${JSON.stringify(v.name)}:${v.code}`)
      .join(',')}}`;
  const load = new Function(...runtimeNames, `const partials = ${object(true)}; return { pages: ${object(false)}, partials };`);
  const { pages, partials } = load(...runtimeFunctions) as Record<string, Record<string, runtime.Program>>;
  const render = (program: runtime.Program) => (context: unknown) => runtime.renderProgram(program, context);
  return new Map([
    ...Object.entries(pages!).map(([name, program]) => [name, render(program)] as const),
    // Keyed by file, as above: a partial may share its page's name (summary/report and summary/_report).
    ...Object.entries(partials!).map(([name, program]) => [name.replace(/[^/]+$/, '_$&'), render(program)] as const),
  ]);
}

/** What a template reads: names under names, `[]` for the items #each walks over. */
interface Shape {
  [name: string]: Shape;
}

/** The shape of the context a template (with its partials) reads, and the texts it compares values with. */
function shapeOf(source: string, partialSources: Map<string, string>): { shape: Shape; texts: Set<string> } {
  const root: Shape = {};
  const texts = new Set<string>();
  const child = (shape: Shape, name: string) => (shape[name] ??= {});
  const walk = (node: any, scopes: Shape[], seen: string[]): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, scopes, seen);
      return;
    }
    if (node.type === 'StringLiteral') texts.add(node.value);
    if (node.type === 'PathExpression') {
      let shape = node.data ? { root } : (scopes[scopes.length - 1 - node.depth] ?? {});
      for (const part of node.parts) shape = child(shape, part);
      return;
    }
    // Values our helpers need typed (a label's choices, a text to translate) are marked so contexts hold such values.
    const typed = node.path?.original === 't' ? ['<text>'] : node.path?.original === 'label' ? [undefined, '<choices>'] : [];
    typed.forEach((mark, i) => {
      const param = node.params?.[i];
      if (mark && param?.type === 'PathExpression') {
        let shape = param.data ? { root } : (scopes[scopes.length - 1 - param.depth] ?? {});
        for (const part of param.parts) shape = child(shape, part);
        child(shape, mark);
      }
    });
    if (node.type === 'BlockStatement' && node.path.original === 'each') {
      walk(node.params, scopes, seen);
      let items = scopes[scopes.length - 1]!;
      const path = node.params[0];
      items = path.data ? root : (scopes[scopes.length - 1 - path.depth] ?? {});
      for (const part of path.parts) items = child(items, part);
      walk(node.program, [...scopes, child(items, '[]')], seen);
      walk(node.inverse, scopes, seen);
      return;
    }
    if (node.type === 'PartialStatement') {
      walk([node.params, node.hash], scopes, seen);
      const name = node.name.original;
      if (!seen.includes(name)) walk(Handlebars.parse(partialSources.get(name)!), scopes, [...seen, name]);
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') walk(value, scopes, seen);
  };
  walk(Handlebars.parse(source), [root], []);
  return { shape: root, texts };
}

/** Contexts of that shape, each name there or not, holding hostile text, numbers, 0, false, null, lists of 0–3. */
function randomContexts(seed: number, { shape, texts }: { shape: Shape; texts: Set<string> }) {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const hostile = [
    '',
    'x',
    '0',
    "<b onclick=\"x()\">'O'Neil' & `co` = 1</b>",
    '2026-10-05T18:30:00.000Z',
    '2026-03-05',
    'common.save',
    '维修中 {count}',
  ];
  const scalars = [...hostile, ...texts, 0, 1, 2, 12.5, -3, 1234567.891, true, false, null, undefined];
  const lambda = function (this: unknown) {
    return `<λ ${typeof this}>`;
  };
  const value = (shape: Shape, depth: number): unknown => {
    const r = random();
    if (shape['<text>'])
      return r < 0.5 ? pick([...hostile, ...texts]) : r < 0.98 ? { zh: pick(hostile), en: pick(hostile) } : pick(scalars);
    if (depth > 6 || r < 0.08) return pick(scalars);
    if (shape['<choices>'] && r < 0.8) return [...texts].slice(0, 3).map((key) => ({ key, zh: `${key}中`, en: `<${key}>` }));
    if (shape['[]']) return Array.from({ length: pick([0, 1, 2, 3]) }, () => value(shape['[]']!, depth + 1));
    const names = Object.keys(shape);
    if (!names.length) return r < 0.97 ? pick(scalars) : r < 0.985 ? [pick(scalars), pick(scalars)] : lambda;
    const o: Record<string, unknown> = {};
    for (const name of names) if (random() < 0.85) o[name] = value(shape[name]!, depth + 1);
    return o;
  };
  return () => ({
    ...(value({ ...shape, root: {} }, 0) as object),
    locale: pick(['zh-CN', 'en']),
    // Columns said missing (helper missingCol), half the time: every scalar as a column of every tab.
    missingColumns: random() < 0.5 ? Object.fromEntries(scalars.map((tab) => [String(tab), scalars])) : {},
    sheetBase: pick(['https://docs.google.com', 'http://127.0.0.1:8788']),
    spreadsheetId: 'S1',
  });
}

const outcome = (render: Render, context: unknown) => {
  try {
    return { html: render(context) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('compiled views', () => {
  it('render every template exactly as Handlebars does (60 generated contexts each)', () => {
    const expected = handlebarsViews();
    const actual = compiledViews();
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    const partialSources = new Map(
      viewFiles()
        .filter((v) => v.isPartial)
        .map((v) => [v.name, readFileSync(v.file, 'utf8')]),
    );
    let compared = 0;
    for (const { file, path: name } of viewFiles()) {
      const read = shapeOf(readFileSync(file, 'utf8'), partialSources);
      const contexts = randomContexts(name.length * 7919, read);
      const pages = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const context = contexts();
        const want = outcome(expected.get(name)!, context);
        const got = outcome(actual.get(name)!, context);
        if (JSON.stringify(got) !== JSON.stringify(want))
          expect(got, `${name}, context ${i}: ${JSON.stringify(context).slice(0, 2000)}`).toEqual(want);
        pages.add(JSON.stringify(want));
        compared++;
      }
      // The contexts reach the template's branches: a page that rendered one way only would prove little.
      // (A template reading nothing but helpers, such as a fixed marker, renders once per language.)
      if (Object.keys(read.shape).some((k) => !(helperNames as readonly string[]).includes(k)))
        expect(pages.size, `${name}: ${[...pages].map((p) => p.slice(0, 300)).join('\n')}`).toBeGreaterThan(5);
    }
    expect(compared).toBeGreaterThan(100 * 60);
  }, 120_000);

  it('escape every {{…}} as Handlebars does, and refuse what they do not support', () => {
    const compiler = new ViewCompiler(new Set());
    const render = (source: string, context: unknown) =>
      runtime.renderProgram(
        new Function(...runtimeNames, 'partials', `return ${compiler.compile(source)}`)(...runtimeFunctions, {}),
        context,
      );
    expect(render('<a title="{{q}}">{{x.y}}</a>', { q: 'a"b=c`', x: { y: "<i>'&" } })).toBe(
      '<a title="a&quot;b&#x3D;c&#x60;">&lt;i&gt;&#x27;&amp;</a>',
    );
    expect(render('{{x}}|{{y}}|{{z}}|{{w}}', { x: 0, y: false, z: null, w: [1, '<'] })).toBe('0|false||1,&lt;');
    expect(render('{{x.toString}}{{x.constructor}}', { x: {} })).toBe(''); // prototype properties are not reachable
    expect(() => compiler.compile('{{evil x}}')).toThrow(/unknown helper evil/);
    expect(() => compiler.compile('{{#with x}}{{/with}}')).toThrow(/not supported/);
    expect(() => compiler.compile('{{> missing}}')).toThrow(/no partial missing/);
  });
});
