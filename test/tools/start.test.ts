/** `npm start` (tools/start.ts): a busy port is named with the variable that chooses another; a child killed by a signal still stops. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, stopChild } from '../../tools/start.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let busy: Server | null = null;
afterEach(() => busy?.close());

async function occupy(): Promise<number> {
  const port = await freePort();
  busy = createServer();
  await new Promise<void>((r) => busy!.listen(port, '127.0.0.1', r));
  return port;
}

function runStart(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'tools/start.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm start', () => {
  it('names a busy portal port and says PORT / EMULATOR_PORT choose others, without a stack', async () => {
    const port = await occupy();
    const { code, out } = await runStart({ PORT: String(port), EMULATOR_PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(out).toContain(`Port ${port} (the portal) is already in use`);
    expect(out).toContain('PORT / EMULATOR_PORT');
    expect(out).not.toContain('EADDRINUSE');
    expect(out).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('names a busy emulator port the same way', async () => {
    const port = await occupy();
    const { code, out } = await runStart({ PORT: String(await freePort()), EMULATOR_PORT: String(port) });
    expect(code).toBe(1);
    expect(out).toContain(`Port ${port} (the Sheets emulator) is already in use`);
    expect(out).toContain(`EMULATOR_PORT=${port + 1000}`);
  }, 30_000);

  it('stops at once when its child was already killed by a signal', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await new Promise((r) => child.once('spawn', r));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(child.exitCode).toBeNull(); // what the old check looked at
    const t0 = Date.now();
    await stopChild(child);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
