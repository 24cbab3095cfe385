/**
 * `npm run emulator -- --port 8788 [--state .local/sheets-emulator.json] [--quota] [--latency 150]
 *   [--jitter 50] [--fault-rate 0.3] [--fault-kinds 429,503,timeout] [--fault-only read|write]
 *   [--seed 42] [--import spreadsheet.json] [--key-out .local/sa-key.json] [--host 127.0.0.1] [--no-demo]`
 *
 * With no spreadsheet yet (new state, nothing imported), it creates the demo school so
 * there is something to look at; `--no-demo` starts empty. Any trusted key may use the demo.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { demoSchool } from '../demo/school.js';
import { startEmulator } from './server.js';
import type { FaultKind } from './limits.js';

const { values: a } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    state: { type: 'string' },
    quota: { type: 'boolean', default: false },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    'fault-rate': { type: 'string' },
    'fault-kinds': { type: 'string' },
    'fault-only': { type: 'string' },
    seed: { type: 'string' },
    import: { type: 'string', multiple: true },
    'key-out': { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

if (a.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('*/')[0]!
      .replace(/^\/\*\*?|^ \* ?/gm, '')
      .trim(),
  );
  process.exit(0);
}

const emu = await startEmulator({
  port: Number(a.port),
  host: a.host,
  stateFile: a.state,
  quotas: { enabled: a.quota },
  latency: { meanMs: Number(a.latency ?? 0), jitterMs: Number(a.jitter ?? 0) },
  faults: {
    rate: Number(a['fault-rate'] ?? 0),
    ...(a['fault-kinds'] ? { kinds: a['fault-kinds'].split(',') as FaultKind[] } : {}),
    ...(a['fault-only'] ? { only: a['fault-only'] as 'read' | 'write' } : {}),
  },
  ...(a.seed ? { seed: Number(a.seed) } : {}),
});

for (const file of a.import ?? []) emu.createSpreadsheet(JSON.parse(readFileSync(file, 'utf8')));
if (emu.list().length === 0 && !a['no-demo']) emu.createSpreadsheet(demoSchool());
if (a['key-out']) {
  const key = await emu.createServiceAccount();
  mkdirSync(dirname(a['key-out']), { recursive: true });
  writeFileSync(a['key-out'], JSON.stringify(key, null, 2), { mode: 0o600 });
}

console.log(`Sheets emulator   ${emu.url}   (token endpoint ${emu.tokenUrl})`);
console.log(`Grid UI           ${emu.url}/`);
console.log(`Control API       ${emu.url}/__emulator/health`);
if (a['key-out']) console.log(`Service account   ${a['key-out']}`);
console.log(a.state ? `State             ${a.state}` : 'State             in memory (use --state <file> to keep it)');
for (const s of emu.list()) console.log(`Spreadsheet       ${s.spreadsheetId}  ${s.title}  [${s.sheets.join(', ')}]`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emu.close(); // flushes the state file
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
