/**
 * Plugins stand on the kit: a file under src/plugins/ reaches the core only through
 * src/core/kit.ts (and the schema through sheets-schema/), never a deep path such as
 * core/auth/middleware, so the core can change behind the kit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pluginsDir = join(root, 'src/plugins');
const allowed = new Set(['src/core/kit.ts', 'sheets-schema/index.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Repository paths a file imports (relative specifiers only), `.js` read as `.ts`; `values`: leave out `import type`. */
function importsOf(file: string, source = readFileSync(file, 'utf8'), values = false): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, ''); // not the examples in comments
  const specs = [
    ...code.matchAll(/(?:^|\s)(?:import|export)\s([^'";]*?)from\s*['"](\.[^'"]+)['"]|(?:^|\s)import\s*\(?\s*['"](\.[^'"]+)['"]/gm),
  ]
    .filter((m) => !values || !/^type\s/.test(m[1] ?? ''))
    .map((m) => m[2] ?? m[3]!);
  return specs.map((s) => relative(root, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** The imports of `file` that reach into the core or the schema other than through the kit. */
function deepImports(file: string, source?: string): string[] {
  return importsOf(file, source).filter(
    (p) => (p.startsWith('src/core/') || p.startsWith('src/env') || p.startsWith('sheets-schema/')) && !allowed.has(p),
  );
}

describe('plugins import the core only through the kit', () => {
  it('finds a deep import (the rule can fail)', () => {
    const file = join(pluginsDir, 'example/routes.ts');
    expect(
      deepImports(file, "import { guardData } from '../../core/auth/middleware.js';\nimport { render } from '../../core/kit.js';"),
    ).toEqual(['src/core/auth/middleware.ts']);
    expect(deepImports(file, "import type { Env } from '../../env.js';")).toEqual(['src/env.ts']);
    expect(deepImports(file, "import { zones } from '../../../sheets-schema/index.js';\nimport { x } from './model.js';")).toEqual([]);
  });

  const plugins = readdirSync(pluginsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  for (const plugin of plugins) {
    it(`${plugin} has no deep import`, () => {
      const found = files(join(pluginsDir, plugin)).flatMap((f) => deepImports(f).map((p) => `${relative(root, f)} → ${p}`));
      expect(found).toEqual([]);
    });
  }
});

/** The import cycles among `files` (value imports only: a type import is gone at run time). */
function cyclesIn(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('no import cycles', () => {
  it('finds a cycle (the rule can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesIn(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('src/ and sheets-schema/ import each other without a cycle', () => {
    const all = [...files(join(root, 'src')), ...files(join(root, 'sheets-schema'))];
    const graph = new Map(all.map((f) => [relative(root, f), importsOf(f, undefined, true)]));
    expect(cyclesIn(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});
