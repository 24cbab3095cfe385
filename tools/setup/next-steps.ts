/** What setup prints after creating a spreadsheet: the address, then the exact commands to deploy and sign in. */

export interface NextStepsInput {
  spreadsheetId: string;
  url: string;
  schoolName: string;
  serviceAccountEmail: string;
  /** Path of the service account's key file, as typed on the command line. */
  keyFile: string;
  headId: string;
  headName: string;
  /** Whether sharing with the service account was done; otherwise the manual step is repeated. */
  shared: boolean;
  manualShare?: { zh: string; en: string };
}

/** The printed block: zh-CN first, English beside; commands exactly as to be typed. */
export function nextSteps(i: NextStepsInput): string {
  const url = 'https://houqin.<子域 your-subdomain>.workers.dev';
  const lines = ['', `表格地址 / Spreadsheet: ${i.url}`, `SPREADSHEET_ID: ${i.spreadsheetId}`, '', '下一步 / Next steps', ''];
  let n = 1;
  if (!i.shared && i.manualShare) {
    lines.push(
      `${n++}. 共享表格给服务账号 / Share the spreadsheet with the service account:`,
      `   ${i.manualShare.zh}`,
      `   ${i.manualShare.en}`,
      '',
    );
  }
  lines.push(
    `${n++}. 在 wrangler.toml 的 [vars] 中填写 / In wrangler.toml, under [vars], set:`,
    `     SPREADSHEET_ID = "${i.spreadsheetId}"`,
    `     SCHOOL_NAME = "${i.schoolName}"`,
    '',
    `${n++}. 登录 Cloudflare（免费账号即可）/ Sign in to Cloudflare (the free plan is enough):`,
    '     npx wrangler login',
    '',
    `${n++}. 保存两个密钥（wrangler 询问是否新建 Worker 时回答 yes）/ Store the two secrets (answer yes when wrangler offers to create the Worker):`,
    `     npx wrangler secret put GOOGLE_SERVICE_ACCOUNT < ${i.keyFile}`,
    `     node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`,
    '     npx wrangler secret put SESSION_SECRET',
    '   （第二行生成一个随机字符串：复制它，粘贴给第三行，并妥善保存——生成登录链接还要用）',
    '   (the second line prints a random string: paste it into the third, and keep it safe — the sign-in link needs it)',
    '',
    `${n++}. 部署 / Deploy:`,
    '     npm run deploy',
    `   它会打印门户地址，如 / it prints the portal's address, e.g. ${url}`,
    '',
    `${n++}. ${i.headName}（${i.headId}）的首次登录链接，7 天内有效、只能用一次 / First sign-in link for ${i.headName} (${i.headId}), valid 7 days, single use:`,
    `     npx tsx tools/setup/sign-in-link.ts --url ${url} --person ${i.headId}`,
    '   （它会要求输入 SESSION_SECRET / it asks for SESSION_SECRET）',
    `   登录后在 ${url}/auth/people 为其他人发登录链接或登录码（先把他们加进「人员」表）。`,
    `   Signed in, hand out links and codes at ${url}/auth/people (add people to the 人员 tab first).`,
    '',
    `检查表格 / Check the spreadsheet any time: npm run setup -- --check --spreadsheet ${i.spreadsheetId} --key ${i.keyFile}`,
    `导入已有的 Excel 台帐 / Import existing Excel registers: npm run import -- 资产登记册.xlsx --into 资产 --spreadsheet ${i.spreadsheetId} --key ${i.keyFile}`,
  );
  return lines.join('\n');
}
