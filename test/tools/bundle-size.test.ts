// The Worker's size budget: a size is deterministic, unlike a time, so CI can hold it.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSources, bundleWorker, kib } from '../../tools/bundle-size.js';

const budget = JSON.parse(readFileSync(new URL('../../tools/bundle-budget.json', import.meta.url), 'utf8')) as { gzipBytes: number };
const { dependencies } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('Worker bundle size', () => {
  it(`stays within the committed budget (${kib(budget.gzipBytes)} KiB gzip, tools/bundle-budget.json)`, () => {
    const bundle = bundleWorker();
    const source = readFileSync(bundle.file, 'utf8');
    const sources = bundleSources(bundle);
    rmSync(dirname(bundle.file), { recursive: true });
    // Only the Worker's own code and its runtime dependencies: no tools (emulator, setup, demo), no test helpers,
    // no devDependency, no Node built-in polyfills (wrangler.toml has no nodejs_compat).
    const packages = new Set(sources.flatMap((s) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)?.[1] ?? []));
    expect(sources.filter((s) => !/^(src|sheets-schema|node_modules)\//.test(s))).toEqual([]);
    expect([...packages].filter((name) => !(name in dependencies))).toEqual([]);
    // Minified (wrangler.toml `minify = true`); templates are plain functions (tools/views-compiler.ts): no Handlebars runtime, no source locations.
    expect(source).not.toMatch(/\bloc"?:\s*\{\s*"?start"?:/);
    expect(source).not.toMatch(/lookupProperty|compilerInfo|Handlebars/);
    expect(source.split('\n').length).toBeLessThan(5_000);
    expect(
      bundle.gzipBytes,
      `the Worker is ${kib(bundle.gzipBytes)} KiB gzip, over the budget of ${kib(budget.gzipBytes)} KiB`,
    ).toBeLessThanOrEqual(budget.gzipBytes);
  }, 120_000);
});
