/**
 * `npm run setup` — a school's spreadsheet from sheets-schema.
 *
 *   npm run setup -- --school 育才实验学校 --head 王主任 --service-account key.json   create (browser sign-in)
 *   npm run setup -- --check   --spreadsheet <ID> --key key.json                      list differences, change nothing
 *   npm run setup -- --upgrade --spreadsheet <ID> --key key.json                      add what is missing; safe to repeat
 *   npm run setup -- --share   --spreadsheet <ID> --service-account key.json          share with the service account
 *
 * `--api <url>` points everything at the local emulator (`npm run emulator`).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allTabs } from '../../sheets-schema/index.js';
import { bindValues, valueOptionNames } from './args.js';
import { differences, formatDifferences } from './check.js';
import { connect, type ConnectDeps } from './connect.js';
import { createSpreadsheet } from './create.js';
import { explainGoogleError, SetupError } from './errors.js';
import { readServiceAccountKey, spreadsheetAddress, type Google } from './google.js';
import { inspect } from './inspect.js';
import { nextSteps } from './next-steps.js';
import { manualShareStep, shareWithServiceAccount } from './share.js';
import { applyPlan, planUpgrade } from './upgrade.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIo: CliIo = { out: (t) => console.log(t), err: (t) => console.error(t) };

const USAGE = `用法 / Usage:
  npm run setup -- --school <学校名称> --head <后勤主任姓名> [--head-phone <手机>] --service-account <服务账号密钥.json> [--oauth-client credentials.json]
  npm run setup -- --check   --spreadsheet <ID> (--key <密钥.json> | --oauth-client credentials.json)
  npm run setup -- --upgrade --spreadsheet <ID> (--key <密钥.json> | --oauth-client credentials.json)
  npm run setup -- --share   --spreadsheet <ID> --service-account <服务账号密钥.json> [--oauth-client credentials.json]
  共同选项 / common: --api <url> (本地模拟器 / the local emulator)`;

function usageError(zh: string, en: string): SetupError {
  return new SetupError({ zh, en }, { zh: USAGE, en: 'See the usage above.' });
}

/** Share through Drive, or through the emulator's control API when running against it. */
async function share(google: Google, args: { api?: string | undefined; driveApi?: string | undefined }, spreadsheetId: string, email: string, url: string): Promise<void> {
  if (args.api && !args.driveApi) {
    // The emulator has no Drive API; its control API stands in for "Share" in the Sheets UI.
    const res = await fetch(`${args.api.replace(/\/+$/, '')}/__emulator/spreadsheets/${encodeURIComponent(spreadsheetId)}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (!res.ok) throw new SetupError({ zh: `模拟器共享失败（${res.status}）`, en: `The emulator refused to share (${res.status})` }, manualShareStep(email, url));
    return;
  }
  await shareWithServiceAccount(google.drive, spreadsheetId, email, url);
}

const OPTIONS = {
  check: { type: 'boolean' },
  upgrade: { type: 'boolean' },
  share: { type: 'boolean' },
  spreadsheet: { type: 'string' },
  school: { type: 'string' },
  head: { type: 'string' },
  'head-phone': { type: 'string' },
  'head-id': { type: 'string' },
  'service-account': { type: 'string' },
  key: { type: 'string' },
  'oauth-client': { type: 'string' },
  api: { type: 'string' },
  'drive-api': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Run the setup tool; returns the process exit code. */
export async function main(argv: string[], deps: ConnectDeps = {}, io: CliIo = consoleIo): Promise<number> {
  try {
    const { values: a } = parseArgs({
      args: bindValues(argv, valueOptionNames(OPTIONS)),
      options: OPTIONS,
      strict: true,
    });
    if (a.help) {
      io.out(USAGE);
      return 0;
    }
    const modes = [a.check, a.upgrade, a.share].filter(Boolean).length;
    if (modes > 1) throw usageError('--check、--upgrade、--share 一次只能用一个', 'Use only one of --check, --upgrade, --share');
    const spreadsheetId = a.spreadsheet ?? process.env.SPREADSHEET_ID;
    const connectArgs = { key: a.key, oauthClient: a['oauth-client'], api: a.api, driveApi: a['drive-api'] };

    if (a.check || a.upgrade) {
      if (!spreadsheetId) throw usageError('请用 --spreadsheet 指定表格 ID', 'Give the spreadsheet ID with --spreadsheet');
      const google = await connect(connectArgs, deps);
      const ctx = { ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
      const state = await inspect(google.sheets, spreadsheetId, allTabs, ctx);
      if (a.check) {
        io.out(`表格 / Spreadsheet: ${state.title} (${spreadsheetId})`);
        io.out(formatDifferences(differences(state, allTabs)));
        return 0;
      }
      const plan = planUpgrade(state, allTabs);
      if (plan.requests.length === 0) {
        io.out('表格已是最新，无需修改。\nThe spreadsheet is up to date: nothing to change.');
        return 0;
      }
      await applyPlan(google.sheets, spreadsheetId, plan, ctx);
      io.out(`已升级 / Upgraded: ${state.title} (${spreadsheetId})`);
      for (const line of plan.actions) io.out(`  ✔ ${line.zh}\n    ${line.en}`);
      io.out('员工的数据未被删除、移动或改写。/ No staff data was deleted, moved or rewritten.');
      return 0;
    }

    const saFile = a['service-account'];
    if (!saFile) throw usageError('请用 --service-account 指定门户服务账号的 JSON 密钥（用于共享表格并保存为 Worker 密钥）', "Give the portal's service account JSON key with --service-account (to share the spreadsheet with it and store it as the Worker secret)");
    const serviceAccount = readServiceAccountKey(saFile);

    if (a.share) {
      if (!spreadsheetId) throw usageError('请用 --spreadsheet 指定表格 ID', 'Give the spreadsheet ID with --spreadsheet');
      const google = await connect(connectArgs, deps);
      await share(google, connectArgs, spreadsheetId, serviceAccount.client_email, spreadsheetAddress(spreadsheetId));
      io.out(`✔ 已共享给 / Shared with ${serviceAccount.client_email}（编辑者 / Editor）`);
      return 0;
    }

    if (spreadsheetId && a.spreadsheet) throw usageError('已有表格请用 --check 或 --upgrade；新建时不要给 --spreadsheet', 'For an existing spreadsheet use --check or --upgrade; leave out --spreadsheet to create one');
    const school = a.school?.trim() || '学校';
    const head = { id: a['head-id']?.trim() || 'P001', name: a.head?.trim() || '后勤主任', ...(a['head-phone'] ? { phone: a['head-phone'].trim() } : {}) };
    const google = await connect(connectArgs, deps);
    const ctx = { ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
    const created = await createSpreadsheet(google.sheets, { title: `${school} 后勤`, tabs: allTabs, head }, ctx);
    const url = spreadsheetAddress(created.spreadsheetId, created.url);
    io.out(`✔ 表格已创建 / Spreadsheet created: ${school} 后勤`);
    io.out(`  ✔ ${allTabs.length} 个工作表 / tabs：${allTabs.map((t) => t.zh).join('、')}，另有「说明」/ plus 说明`);
    io.out('  ✔ 表头冻结并保护（仅提示）、下拉选项、日期与金额格式、列宽 / frozen, warning-protected headers, dropdowns, date and money formats, widths');
    io.out(`✔ 人员 / Person ${head.id} ${head.name}（后勤主任 / head of logistics）`);
    let shared = true;
    const manual = manualShareStep(serviceAccount.client_email, url);
    try {
      await share(google, connectArgs, created.spreadsheetId, serviceAccount.client_email, url);
      io.out(`✔ 已共享给 / Shared with ${serviceAccount.client_email}（编辑者 / Editor）`);
    } catch (err) {
      shared = false;
      const e = explainGoogleError(err);
      io.err(`✘ 共享未完成 / Sharing not done: ${e.text.zh}\n  ${e.text.en}`);
    }
    io.out(nextSteps({
      spreadsheetId: created.spreadsheetId, url, schoolName: school, serviceAccountEmail: serviceAccount.client_email, keyFile: saFile,
      headId: head.id, headName: head.name, shared, manualShare: manual,
    }));
    return shared ? 0 : 2;
  } catch (err) {
    const e = err instanceof SetupError ? err : err instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code ?? err.message)) ? usageError(`参数有误：${err.message}`, `Bad arguments: ${err.message}`) : explainGoogleError(err);
    io.err(e.display());
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
