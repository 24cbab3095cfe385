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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface WorkerBundle {
  /** The bundled entry module (index.js). */
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
  return { file: join(outdir, 'index.js'), bytes: contents.length, gzipBytes: gzipSync(contents).length };
}

export const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
