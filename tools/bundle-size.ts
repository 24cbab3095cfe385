/**
 * The size of the Worker as Cloudflare receives it: `wrangler deploy --dry-run --outdir`
 * bundles exactly what `npm run deploy` uploads (minified, per wrangler.toml), and the size is
 * counted the way wrangler reports it (the modules, gzip at zlib's default level; source maps
 * are not uploaded). Used by the size-budget test (test/tools/bundle-size.test.ts) and the
 * startup bench. Run `npm run build` first: the bundle includes the precompiled templates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

export interface WorkerBundle {
  /** The checkout it was built from. */
  root: string;
  /** The bundled entry module (index.js), with its source map beside it (index.js.map). */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Bundles the Worker of the checkout at `root` (default: this one) into a temporary folder. */
export function bundleWorker(root: string = join(dirname(fileURLToPath(import.meta.url)), '..')): WorkerBundle {
  const outdir = mkdtempSync(join(tmpdir(), 'houqin-bundle-'));
  execFileSync(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const modules = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
  const contents = Buffer.concat(modules.map((f) => readFileSync(join(outdir, f))));
  return { root, file: join(outdir, 'index.js'), bytes: contents.length, gzipBytes: gzipSync(contents).length };
}

export const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** One part of the bundle: every byte of the minified output whose source map points into it. */
export interface BundlePart {
  name: string;
  bytes: number;
  /** The part's bytes gzipped on their own. */
  gzipAlone: number;
  /** What the whole bundle's gzip size loses without the part (its share; the shares do not add up to the total exactly). */
  gzipShare: number;
}

/** Which part a source file belongs to (paths relative to the checkout). */
export function partOf(source: string): string {
  const dependency = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (dependency) return `${dependency[1]} (dependency)`;
  if (source === 'src/generated/templates.ts') return 'templates (views/, compiled)';
  if (/^src\/core\/views\/(runtime|helpers|helper-names)\.ts$/.test(source)) return 'template runtime and helpers';
  if (/\/messages\.ts$|^src\/core\/i18n\//.test(source)) return 'message catalogs (zh-CN and English)';
  if (source.startsWith('sheets-schema/')) return 'sheets-schema (tabs, columns, aliases)';
  const folder = /^src\/(core|plugins)\/([^/]+)\//.exec(source);
  if (folder) return `src/${folder[1]}/${folder[2]}`;
  if (/^src\/core\/[^/]+\.ts$/.test(source)) return 'src/core/*.ts';
  if (/^src\/[^/]+\.ts$|^src\/generated\//.test(source)) return 'src/*.ts (entry)';
  return source;
}

/**
 * The bundle by part, largest gzip share first: each output byte is attributed to the source the
 * source map names for it (esbuild's map of the minified bundle), so the parts are exactly what
 * is uploaded, dependencies included.
 */
export function bundleParts(bundle: WorkerBundle): BundlePart[] {
  const code = readFileSync(bundle.file, 'utf8');
  const map = new SourceMapConsumer(JSON.parse(readFileSync(`${bundle.file}.map`, 'utf8')));
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const marks: Array<{ at: number; part: string }> = [];
  map.eachMapping((m) => {
    const source = m.source ? relative(bundle.root, resolve(dirname(bundle.file), m.source)) : '';
    marks.push({ at: lineStarts[m.generatedLine - 1]! + m.generatedColumn, part: source ? partOf(source) : '(glue)' });
  });
  marks.sort((a, b) => a.at - b.at);
  const ranges = new Map<string, Array<[number, number]>>();
  for (let i = 0; i < marks.length; i++) {
    const start = i === 0 ? 0 : marks[i]!.at;
    const end = i + 1 < marks.length ? marks[i + 1]!.at : code.length;
    if (end > start) ranges.set(marks[i]!.part, [...(ranges.get(marks[i]!.part) ?? []), [start, end]]);
  }
  const total = gzipSync(code).length;
  const parts = [...ranges].map(([name, spans]) => {
    const own = spans.map(([a, b]) => code.slice(a, b)).join('');
    let rest = '';
    let last = 0;
    for (const [a, b] of spans) {
      rest += code.slice(last, a);
      last = b;
    }
    rest += code.slice(last);
    return { name, bytes: Buffer.byteLength(own), gzipAlone: gzipSync(own).length, gzipShare: total - gzipSync(rest).length };
  });
  return parts.sort((a, b) => b.gzipShare - a.gzipShare);
}

/** The source files in the bundle, relative to the checkout (what the size test checks nothing Node-side is among). */
export function bundleSources(bundle: WorkerBundle): string[] {
  const map = JSON.parse(readFileSync(`${bundle.file}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((source) => relative(bundle.root, resolve(dirname(bundle.file), source)));
}
