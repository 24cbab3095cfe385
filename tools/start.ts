/**
 * `npm start`: the local Sheets emulator (persisted to .local/, seeded with the demo
 * school on first run) and the Worker under workerd (wrangler dev), wired together with
 * a locally minted service account. Prints both URLs and a sign-in link for the demo
 * head of logistics; Ctrl-C stops both. No Google account, no secrets.
 *
 * `startPortal()` is also what the end-to-end tests use, with in-memory state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoSchool, DEMO_SCHOOL_NAME } from './demo/school.js';
import {
  DEMO_AREAS,
  DEMO_DISTRICT_NAME,
  DEMO_DISTRICT_PEOPLE,
  demoDistrict,
  demoSchoolName,
  demoSmallSchool,
  type DemoDistrictSchool,
} from './demo/district.js';
import { localDate, previousMonth } from '../src/core/time.js';
import { startEmulator } from './sheets-emulator/index.js';
import { signInLink } from '../src/core/auth/grants.js';
import { startNotifyFake, type NotifyFake } from './notify-fake/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface PortalOptions {
  /** Where emulator data and local secrets live; null keeps everything in memory (tests). */
  localDir: string | null;
  portalPort?: number;
  emulatorPort?: number;
  /** The local messaging platforms' fake (tools/notify-fake); 0 or absent: any free port. */
  notifyPort?: number;
  /** Extra Worker variables (tests: NOTIFY_RETRY_SECONDS). */
  vars?: Record<string, string>;
  /** Print wrangler's output (npm start) or keep it for errors only (tests). */
  verbose?: boolean;
}

export interface Portal {
  portalUrl: string;
  emulatorUrl: string;
  spreadsheetId: string;
  /** One-time sign-in link for the demo head of logistics. */
  headSignInUrl: string;
  /** The demo district's portal (its own host name on the same port) and its spreadsheet. */
  districtUrl: string;
  districtSpreadsheetId: string;
  /** One-time sign-in link for the district's safety officer (D002). */
  districtSignInUrl: string;
  /** The Worker's SESSION_SECRET, so tests can mint sign-in links for other people (signInLink). */
  sessionSecret: string;
  /** The local inbox of messages the portal sent (WeCom, DingTalk, Feishu, webhook fakes). */
  inboxUrl: string;
  notifyFake: NotifyFake;
  /** Resolves when wrangler dev ends, with how ("signal SIGKILL", "code 1"). */
  workerExited: Promise<string>;
  stop(): Promise<void>;
}

/** A port nobody listens on now (or `port` itself, when free); rejects with EADDRINUSE when it is taken. */
export async function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: got } = server.address() as { port: number };
      server.close(() => resolve(got));
    });
  });
}

/**
 * The ports npm start wants, checked before anything starts: a taken one is named, with the
 * variable that chooses another, instead of a raw EADDRINUSE stack from deep inside.
 */
export async function checkPorts(ports: Array<{ port: number; variable: string; what: string }>): Promise<void> {
  for (const p of ports) {
    try {
      await freePort(p.port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new Error(
        `Port ${p.port} (${p.what}) is already in use — perhaps another npm start is running. ` +
          `Stop it, or choose other ports, e.g. ${p.variable}=${p.port + 1000} npm start (PORT chooses the portal's port, EMULATOR_PORT the Sheets emulator's).\n` +
          `端口 ${p.port}（${p.what}）已被占用，可能另一个 npm start 正在运行。请先停止它，或用 PORT / EMULATOR_PORT 换端口，例如 ${p.variable}=${p.port + 1000} npm start。`,
      );
    }
  }
}

interface LocalState {
  spreadsheetId: string;
  districtSpreadsheetId?: string;
  sessionSecret: string;
  serviceAccount: Record<string, unknown>;
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
  const local = options.localDir;
  if (local) mkdirSync(local, { recursive: true });
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    stateFile: local ? join(local, 'sheets-emulator.json') : undefined,
  });

  // The demo school and the portal's service account are made once and kept in .local/.
  const stateFile = local ? join(local, 'portal.json') : null;
  let state: LocalState | null = stateFile && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as LocalState) : null;
  if (state && !emulator.hasSpreadsheet(state.spreadsheetId)) state = null;
  if (!state) {
    const serviceAccount = await emulator.createServiceAccount('houqin-portal@houqin-local.iam.gserviceaccount.com');
    const spreadsheetId = await emulator.importSpreadsheet({ ...demoSchool(), owner: serviceAccount.client_email as string });
    state = { spreadsheetId, serviceAccount, sessionSecret: randomSecret() };
  }
  if (!state.districtSpreadsheetId || !emulator.hasSpreadsheet(state.districtSpreadsheetId)) {
    state.districtSpreadsheetId = await createDemoDistrict(emulator, state.spreadsheetId, String(state.serviceAccount.client_email));
  }
  if (stateFile) writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });

  const portalPort = options.portalPort ?? (await freePort());
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  const notifyFake = await startNotifyFake({ port: options.notifyPort ?? 0 });
  const envDir = local ?? join(root, 'node_modules/.cache/houqin-e2e', String(portalPort));
  mkdirSync(envDir, { recursive: true });
  const envFile = join(envDir, 'dev.vars');
  // Single quotes: dotenv keeps the JSON's \n escapes for JSON.parse to turn into newlines.
  writeFileSync(
    envFile,
    [
      `GOOGLE_SERVICE_ACCOUNT='${JSON.stringify(state.serviceAccount)}'`,
      `SESSION_SECRET='${state.sessionSecret}'`,
      `SPREADSHEET_ID='${state.spreadsheetId}'`,
      `SHEETS_API_BASE='${emulator.url}'`,
      `GOOGLE_TOKEN_URL='${emulator.url}/token'`,
      `SCHOOL_NAME='${DEMO_SCHOOL_NAME}'`,
      // The demo district on its own host name: Chromium and curl send district.localhost to 127.0.0.1.
      `SCHOOLS='${JSON.stringify({ [DISTRICT_HOST]: { spreadsheetId: state.districtSpreadsheetId, name: DEMO_DISTRICT_NAME, district: true } })}'`,
      // Notifications go to the local fakes; no quiet hours locally, so a newcomer sees them at once.
      `NOTIFY_CHANNELS='${notifyFake.channelsSecret}'`,
      `PORTAL_URL='${portalUrl}'`,
      `NOTIFY_QUIET_HOURS=''`,
      ...Object.entries(options.vars ?? {}).map(([k, v]) => `${k}='${v}'`),
    ].join('\n') + '\n',
    { mode: 0o600 },
  );

  const wrangler = spawn(
    process.execPath,
    [
      join(root, 'node_modules/wrangler/bin/wrangler.js'),
      'dev',
      '--port',
      String(portalPort),
      '--ip',
      '127.0.0.1',
      '--env-file',
      envFile,
      '--persist-to',
      join(envDir, 'wrangler-state'),
      '--show-interactive-dev-session=false',
      '--log-level',
      options.verbose ? 'info' : 'warn',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
  );
  const workerExited = new Promise<string>((resolve) =>
    wrangler.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (options.verbose) process.stdout.write(chunk);
  };
  wrangler.stdout!.on('data', keep);
  wrangler.stderr!.on('data', keep);

  const stop = async () => {
    await stopChild(wrangler);
    await notifyFake.close();
    await emulator.close();
  };
  try {
    await waitForHttp(`${portalUrl}/app.css`, wrangler, 90_000);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${output.join('').slice(-4000)}`);
  }

  const head = demoHeadOfLogistics();
  const headSignInUrl = await signInLink({ baseUrl: portalUrl, secret: state.sessionSecret, personId: head });
  const districtUrl = `http://${DISTRICT_HOST}:${portalPort}`;
  const districtSignInUrl = await signInLink({ baseUrl: districtUrl, secret: state.sessionSecret, personId: DEMO_DISTRICT_PEOPLE[1].id });
  return {
    portalUrl,
    emulatorUrl: emulator.url,
    spreadsheetId: state.spreadsheetId,
    headSignInUrl,
    sessionSecret: state.sessionSecret,
    inboxUrl: `${notifyFake.url}/inbox`,
    notifyFake,
    workerExited,
    stop,
    districtUrl,
    districtSpreadsheetId: state.districtSpreadsheetId!,
    districtSignInUrl,
  };
}

/** The demo district's host name (any *.localhost reaches 127.0.0.1 in browsers and curl). */
export const DISTRICT_HOST = 'district.localhost';
/** Small generated schools beside the demo school in the demo district. */
const DEMO_SMALL_SCHOOLS = 5;

/**
 * The demo district: the demo school (which has not published last month's 安全月报 yet) and a
 * few small generated schools, most of which have published theirs.
 */
async function createDemoDistrict(
  emulator: Awaited<ReturnType<typeof startEmulator>>,
  demoSpreadsheetId: string,
  owner: string,
): Promise<string> {
  const today = localDate();
  const last = previousMonth(today.slice(0, 7));
  const schools: DemoDistrictSchool[] = [
    {
      id: 'S01',
      name: DEMO_SCHOOL_NAME,
      spreadsheetId: demoSpreadsheetId,
      host: '127.0.0.1',
      area: DEMO_AREAS[0],
      boarding: false,
      contact: '王主任',
      phone: '13800138000',
    },
  ];
  for (let n = 0; n < DEMO_SMALL_SCHOOLS; n++) {
    // Every other school has already published last month; all but one published the month before.
    const published = n % 2 === 0 ? [previousMonth(last), last] : n === 3 ? [] : [previousMonth(last)];
    const spreadsheetId = await emulator.importSpreadsheet({ ...(await demoSmallSchool({ n, today, published })), owner });
    schools.push({
      id: `S${String(n + 2).padStart(2, '0')}`,
      name: demoSchoolName(n),
      spreadsheetId,
      area: DEMO_AREAS[n % DEMO_AREAS.length]!,
      boarding: n % 2 === 1,
      contact: `联系人${n + 2}`,
      phone: `1370000${String(n).padStart(4, '0')}`,
    });
  }
  return emulator.importSpreadsheet({ ...demoDistrict(schools), owner });
}

function demoHeadOfLogistics(): string {
  const people = demoSchool().sheets.find((s) => s.title === '人员')!;
  const [header, ...rows] = people.rows;
  const role = header!.indexOf('角色');
  return String(rows.find((r) => r[role] === '后勤主任')![0]);
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

/** Ended by itself or by a signal (a killed process has signalCode set and exitCode null). */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** End the node process that runs wrangler (not a wrapper), then its workerd child with it. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  const portalPort = Number(process.env.PORT ?? 8787);
  const emulatorPort = Number(process.env.EMULATOR_PORT ?? 8788);
  const notifyPort = Number(process.env.NOTIFY_PORT ?? 8789);
  try {
    await checkPorts([
      { port: portalPort, variable: 'PORT', what: 'the portal' },
      { port: emulatorPort, variable: 'EMULATOR_PORT', what: 'the Sheets emulator' },
      { port: notifyPort, variable: 'NOTIFY_PORT', what: 'the local messaging fakes' },
    ]);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const portal = await startPortal({ localDir: join(root, '.local'), portalPort, emulatorPort, notifyPort, verbose: false });
  console.log(`
  Houqin 后勤 portal   ${portal.portalUrl}
  Sheets emulator      ${portal.emulatorUrl}   (spreadsheet ${portal.spreadsheetId})
  Message inbox        ${portal.inboxUrl}   (WeCom / DingTalk / Feishu fakes: what the school would be sent)

  Sign in as the demo head of logistics (one-time link):
  ${portal.headSignInUrl}

  District overview 区级汇总  ${portal.districtUrl}   (spreadsheet ${portal.districtSpreadsheetId})
  Sign in as the district's safety officer (one-time link):
  ${portal.districtSignInUrl}

  Data is kept in .local/ (delete it to start again from the demo school). Ctrl-C stops both.
`);
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await portal.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  void portal.workerExited.then((how) => {
    if (stopping) return;
    console.error(
      `wrangler dev stopped (${how}); stopping the emulator too. Run npm start again. / 门户进程已停止，模拟器一并停止，请重新运行 npm start。`,
    );
    void shutdown(1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
