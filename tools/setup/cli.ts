/**
 * `npm run setup` — a school's spreadsheet from sheets-schema.
 *
 *   npm run setup -- --school 育才实验学校 --head 王主任 --service-account key.json   create (browser sign-in)
 *   npm run setup -- --check   --spreadsheet <ID> --key key.json                      list differences, change nothing
 *   npm run setup -- --upgrade --spreadsheet <ID> --key key.json                      add what is missing; safe to repeat
 *   npm run setup -- --share   --spreadsheet <ID> --service-account key.json          share with the service account
 *   npm run setup -- --district --name 示范区教育局 --director 郑局长 --service-account key.json   a district office's spreadsheet
 *   (--check / --upgrade with --district check a district's spreadsheet)
 *
 * `--api <url>` points everything at the local emulator (`npm run emulator`).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allTabs, districtTabs } from '../../sheets-schema/index.js';
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
  npm run setup -- --district --name <教育局名称> --director <局领导姓名> [--director-phone <手机>] --service-account <服务账号密钥.json>
  （--check / --upgrade 加 --district 检查区表格 / add --district to check a district's spreadsheet）
  共同选项 / common: --api <url> (本地模拟器 / the local emulator)`;

function usageError(zh: string, en: string): SetupError {
  return new SetupError({ zh, en }, { zh: USAGE, en: 'See the usage above.' });
}

/** Share through Drive, or through the emulator's control API when running against it. */
async function share(
  google: Google,
  args: { api?: string | undefined; driveApi?: string | undefined },
  spreadsheetId: string,
  email: string,
  url: string,
): Promise<void> {
  if (args.api && !args.driveApi) {
    // The emulator has no Drive API; its control API stands in for "Share" in the Sheets UI.
    const res = await fetch(`${args.api.replace(/\/+$/, '')}/__emulator/spreadsheets/${encodeURIComponent(spreadsheetId)}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (!res.ok)
      throw new SetupError(
        { zh: `模拟器共享失败（${res.status}）`, en: `The emulator refused to share (${res.status})` },
        manualShareStep(email, url),
      );
    return;
  }
  await shareWithServiceAccount(google.drive, spreadsheetId, email, url);
}

const OPTIONS = {
  check: { type: 'boolean' },
  upgrade: { type: 'boolean' },
  share: { type: 'boolean' },
  district: { type: 'boolean' },
  name: { type: 'string' },
  director: { type: 'string' },
  'director-phone': { type: 'string' },
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
    // A district office's spreadsheet has its own tabs (人员, 学校, 操作日志).
    const tabList = a.district ? districtTabs : allTabs;
    const connectArgs = { key: a.key, oauthClient: a['oauth-client'], api: a.api, driveApi: a['drive-api'] };

    if (a.check || a.upgrade) {
      if (!spreadsheetId) throw usageError('请用 --spreadsheet 指定表格 ID', 'Give the spreadsheet ID with --spreadsheet');
      const google = await connect(connectArgs, deps);
      const ctx = { ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
      const state = await inspect(google.sheets, spreadsheetId, tabList, ctx);
      if (a.check) {
        io.out(`表格 / Spreadsheet: ${state.title} (${spreadsheetId})`);
        io.out(formatDifferences(differences(state, tabList)));
        return 0;
      }
      const plan = planUpgrade(state, tabList);
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
    if (!saFile)
      throw usageError(
        '请用 --service-account 指定门户服务账号的 JSON 密钥（用于共享表格并保存为 Worker 密钥）',
        "Give the portal's service account JSON key with --service-account (to share the spreadsheet with it and store it as the Worker secret)",
      );
    const serviceAccount = readServiceAccountKey(saFile);

    if (a.share) {
      if (!spreadsheetId) throw usageError('请用 --spreadsheet 指定表格 ID', 'Give the spreadsheet ID with --spreadsheet');
      const google = await connect(connectArgs, deps);
      await share(google, connectArgs, spreadsheetId, serviceAccount.client_email, spreadsheetAddress(spreadsheetId));
      io.out(`✔ 已共享给 / Shared with ${serviceAccount.client_email}（编辑者 / Editor）`);
      return 0;
    }

    if (spreadsheetId && a.spreadsheet)
      throw usageError(
        '已有表格请用 --check 或 --upgrade；新建时不要给 --spreadsheet',
        'For an existing spreadsheet use --check or --upgrade; leave out --spreadsheet to create one',
      );
    if (a.district) return await createDistrict(a, connectArgs, deps, io, saFile, serviceAccount.client_email);
    const school = a.school?.trim() || '学校';
    const head = {
      id: a['head-id']?.trim() || 'P001',
      name: a.head?.trim() || '后勤主任',
      ...(a['head-phone'] ? { phone: a['head-phone'].trim() } : {}),
    };
    const google = await connect(connectArgs, deps);
    const ctx = { ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
    const created = await createSpreadsheet(google.sheets, { title: `${school} 后勤`, tabs: allTabs, head }, ctx);
    const url = spreadsheetAddress(created.spreadsheetId, created.url);
    io.out(`✔ 表格已创建 / Spreadsheet created: ${school} 后勤`);
    io.out(`  ✔ ${allTabs.length} 个工作表 / tabs：${allTabs.map((t) => t.zh).join('、')}，另有「说明」/ plus 说明`);
    io.out(
      '  ✔ 表头冻结并保护（仅提示）、下拉选项、日期与金额格式、列宽 / frozen, warning-protected headers, dropdowns, date and money formats, widths',
    );
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
    io.out(
      nextSteps({
        spreadsheetId: created.spreadsheetId,
        url,
        schoolName: school,
        serviceAccountEmail: serviceAccount.client_email,
        keyFile: saFile,
        headId: head.id,
        headName: head.name,
        shared,
        manualShare: manual,
      }),
    );
    return shared ? 0 : 2;
  } catch (err) {
    const e =
      err instanceof SetupError
        ? err
        : err instanceof TypeError &&
            /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code ?? err.message))
          ? usageError(`参数有误：${err.message}`, `Bad arguments: ${err.message}`)
          : explainGoogleError(err);
    io.err(e.display());
    return 1;
  }
}

/** `--district`: the district office's spreadsheet (人员 with the director as D001, 学校, 操作日志), shared like a school's. */
async function createDistrict(
  a: { name?: string | undefined; director?: string | undefined; 'director-phone'?: string | undefined },
  connectArgs: { key?: string | undefined; oauthClient?: string | undefined; api?: string | undefined; driveApi?: string | undefined },
  deps: ConnectDeps,
  io: CliIo,
  keyFile: string,
  email: string,
): Promise<number> {
  const name = a.name?.trim() || '教育局';
  const director = {
    id: 'D001',
    name: a.director?.trim() || '局领导',
    role: 'district_director' as const,
    ...(a['director-phone'] ? { phone: a['director-phone'].trim() } : {}),
  };
  const google = await connect(connectArgs, deps);
  const ctx = { ...(google.actingAs ? { actingAs: google.actingAs } : {}) };
  const created = await createSpreadsheet(google.sheets, { title: `${name} 区级汇总`, tabs: districtTabs, head: director }, ctx);
  const url = spreadsheetAddress(created.spreadsheetId, created.url);
  io.out(`✔ 区表格已创建 / District spreadsheet created: ${name} 区级汇总`);
  io.out(`  ✔ ${districtTabs.map((t) => t.zh).join('、')}，另有「说明」/ plus 说明`);
  io.out(`✔ 人员 / Person ${director.id} ${director.name}（局领导 / district director）`);
  let shared = true;
  try {
    await share(google, connectArgs, created.spreadsheetId, email, url);
    io.out(`✔ 已共享给 / Shared with ${email}（编辑者 / Editor）`);
  } catch (err) {
    shared = false;
    const e = explainGoogleError(err);
    io.err(`✘ 共享未完成 / Sharing not done: ${e.text.zh}\n  ${e.text.en}\n  ${manualShareStep(email, url).zh}`);
  }
  const entry = JSON.stringify({ '<区教育局的域名 district host>': { spreadsheetId: created.spreadsheetId, name, district: true } });
  io.out(
    [
      '',
      `表格地址 / Spreadsheet: ${url}`,
      `SPREADSHEET_ID: ${created.spreadsheetId}`,
      '',
      '下一步 / Next steps',
      `1. 在「学校」工作表每校一行：学校名称、表格ID、片区、寄宿制、联系人；把每所学校的表格共享给 ${email}（查看者即可）。`,
      `   One row per school in 学校 (name, spreadsheet ID, 片区, boarding, contact); share each school's spreadsheet with ${email} (Viewer is enough).`,
      '2. 在 wrangler.toml 的 [vars] 把区教育局的域名加入 SCHOOLS / Add the district host to SCHOOLS under [vars] in wrangler.toml:',
      `   SCHOOLS = '${entry}'`,
      "3. npm run deploy，然后为 D001 生成登录链接 / then mint D001's sign-in link:",
      `   npx tsx tools/setup/sign-in-link.ts --url https://<区教育局的域名 district host> --person ${director.id}`,
      `   （密钥文件 / key file: ${keyFile}）`,
    ].join('\n'),
  );
  return shared ? 0 : 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
