/**
 * The first sign-in link for the head of logistics of a new deployment (a bootstrap
 * link: signed with SESSION_SECRET, valid 7 days, single use).
 *
 *   npx tsx tools/setup/sign-in-link.ts --url https://houqin.<subdomain>.workers.dev --person P001
 *
 * SESSION_SECRET is read from the environment, else asked for (so it stays out of the
 * shell history). It must be the value stored with `wrangler secret put SESSION_SECRET`.
 */
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signInLink } from '../../src/core/auth/grants.js';

/** The link, or an error message (zh-CN, then English). */
export async function makeLink(args: {
  url?: string;
  person?: string;
  secret?: string;
  days?: string;
}): Promise<{ link: string } | { error: string }> {
  if (!args.url || !/^https?:\/\/[^\s/]+/.test(args.url))
    return {
      error:
        '请用 --url 给出门户地址（npm run deploy 打印的 https://…workers.dev）\nGive the portal address with --url (the https://…workers.dev printed by npm run deploy)',
    };
  if (!args.person?.trim())
    return {
      error:
        "请用 --person 给出后勤主任在「人员」表中的编号，如 P001\nGive the head of logistics' ID in the 人员 tab with --person, e.g. P001",
    };
  if (!args.secret || args.secret.split(',').some((k) => k.trim().length < 32))
    return {
      error:
        'SESSION_SECRET 为空或太短（每个至少 32 个字符）：请输入 wrangler secret put SESSION_SECRET 时保存的值\nSESSION_SECRET is empty or too short (at least 32 characters each): use the value stored with wrangler secret put SESSION_SECRET',
    };
  const days = Number(args.days ?? 7);
  if (!(days > 0 && days <= 7)) return { error: '--days 应在 1 到 7 之间 / --days must be 1 to 7' };
  return {
    link: await signInLink({ baseUrl: args.url, secret: args.secret.trim(), personId: args.person.trim(), ttlMs: days * 86_400_000 }),
  };
}

async function cli(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, person: { type: 'string' }, days: { type: 'string' } } });
  let secret = process.env.SESSION_SECRET;
  if (!secret) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    secret = await rl.question('SESSION_SECRET: ');
    rl.close();
  }
  const result = await makeLink({ ...values, secret });
  if ('error' in result) {
    console.error(result.error);
    return 1;
  }
  console.log(result.link);
  console.error('把这个链接发给后勤主任（只能用一次，7 天内有效）。/ Send this link to the head of logistics (single use, valid 7 days).');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) cli().then((code) => process.exit(code));
