/**
 * A local stand-in for the messaging platforms (started by `npm start` and the tests): WeCom's
 * group robot and app-message APIs, DingTalk's and Feishu's custom robots, and a generic JSON
 * webhook. Each endpoint checks what its platform documents — the key or token in the address,
 * the timestamp-and-HMAC signature, the message's shape and byte limits — and answers the way
 * the platform does (errcode / code in a 200 body), so a mistake fails here as it would there.
 * Every accepted message lands in an inbox: GET /inbox (a page), /inbox.json (tests).
 * `faults.failRate` answers that share of sends with HTTP 500 before recording them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type FakeChannel =
  | { kind: 'wecom_robot'; key: string }
  | { kind: 'dingtalk'; token: string; secret: string }
  | { kind: 'feishu'; hook: string; secret: string }
  | { kind: 'webhook'; path: string; secret: string };

export interface FakeConfig {
  /** Robots and webhooks by the NOTIFY_CHANNELS name the portal uses. */
  channels: Record<string, FakeChannel>;
  wecom: { corpId: string; corpSecret: string; agentId: number };
}

export interface InboxMessage {
  n: number;
  at: string;
  platform: 'wecom_robot' | 'dingtalk' | 'feishu' | 'wecom_app' | 'webhook';
  target: string;
  to: string;
  title: string;
  text: string;
  link: string;
  idempotencyKey: string | null;
}

export interface NotifyFake {
  url: string;
  port: number;
  config: FakeConfig;
  /** NOTIFY_CHANNELS for the Worker, pointing at this fake. */
  channelsSecret: string;
  messages: InboxMessage[];
  faults: { failRate: number };
  /** Requests answered with an error, by reason (tests read these). */
  rejected: Array<{ platform: string; reason: string }>;
  close(): Promise<void>;
}

const rand = (n = 16) => randomBytes(n).toString('hex');

/** A fresh configuration with random keys and secrets for the demo school's targets. */
export function demoFakeConfig(): FakeConfig {
  return {
    channels: {
      'logistics-group': { kind: 'wecom_robot', key: crypto.randomUUID() },
      'safety-dingtalk': { kind: 'dingtalk', token: rand(32), secret: `SEC${rand(32)}` },
      'logistics-feishu': { kind: 'feishu', hook: crypto.randomUUID(), secret: rand(12) },
      'office-webhook': { kind: 'webhook', path: rand(8), secret: rand(16) },
    },
    wecom: { corpId: `ww${rand(8)}`, corpSecret: rand(20), agentId: 1000002 },
  };
}

const sha256b64 = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('base64');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8');
const linkIn = (md: string) => /\]\((https?:\/\/[^)\s]+)\)/.exec(md)?.[1] ?? '';

export async function startNotifyFake(options: { port?: number; config?: FakeConfig } = {}): Promise<NotifyFake> {
  const config = options.config ?? demoFakeConfig();
  const messages: InboxMessage[] = [];
  const rejected: NotifyFake['rejected'] = [];
  const faults = { failRate: 0 };
  const tokens = new Map<string, number>();
  let tokenRequests = 0;
  const perMinute = new Map<string, number>();
  let n = 0;

  const byKind = <K extends FakeChannel['kind']>(kind: K, match: (c: Extract<FakeChannel, { kind: K }>) => boolean) =>
    Object.entries(config.channels).find(([, c]) => c.kind === kind && match(c as Extract<FakeChannel, { kind: K }>)) as
      | [string, Extract<FakeChannel, { kind: K }>]
      | undefined;

  const record = (m: Omit<InboxMessage, 'n' | 'at'>) => messages.push({ ...m, n: ++n, at: new Date().toISOString() });
  /** Robots allow 20 messages a minute per robot (WeCom 45009, DingTalk 130101, Feishu 9499 when exceeded). */
  const tooFast = (target: string) => {
    const bucket = `${target}@${Math.floor(Date.now() / 60_000)}`;
    const used = (perMinute.get(bucket) ?? 0) + 1;
    perMinute.set(bucket, used);
    return used > 20;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => resolve(data));
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const reject = (platform: string, reason: string, status: number, body: unknown) => {
      rejected.push({ platform, reason });
      json(status, body);
    };
    let body: Record<string, any> = {};
    if (req.method === 'POST' && url.pathname !== '/faults') {
      if (Math.random() < faults.failRate) return json(500, { errcode: -1, errmsg: 'system busy (injected fault)' });
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        return reject('any', 'body is not JSON', 200, { errcode: 40001, errmsg: 'invalid json' });
      }
    }

    // ---- WeCom group robot -----------------------------------------------------------------
    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') {
      const robot = byKind('wecom_robot', (c) => c.key === url.searchParams.get('key'));
      if (!robot) return reject('wecom_robot', 'unknown key', 200, { errcode: 93000, errmsg: 'invalid webhook url' });
      if (body.msgtype !== 'markdown' && body.msgtype !== 'text')
        return reject('wecom_robot', 'msgtype', 200, { errcode: 40008, errmsg: 'invalid message type' });
      const content = body.msgtype === 'markdown' ? body.markdown?.content : body.text?.content;
      if (typeof content !== 'string' || !content)
        return reject('wecom_robot', 'no content', 200, { errcode: 44004, errmsg: 'empty content' });
      if (bytes(content) > (body.msgtype === 'markdown' ? 4096 : 2048))
        return reject('wecom_robot', 'too long', 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
      if (tooFast(robot[0])) return reject('wecom_robot', 'rate', 200, { errcode: 45009, errmsg: 'api freq out of limit' });
      const mention = /<@([^>]+)>/.exec(content)?.[1] ?? '';
      record({
        platform: 'wecom_robot',
        target: robot[0],
        to: mention,
        title: /\*\*(.+?)\*\*/.exec(content)?.[1] ?? '',
        text: content,
        link: linkIn(content),
        idempotencyKey: null,
      });
      return json(200, { errcode: 0, errmsg: 'ok' });
    }

    // ---- DingTalk custom robot (加签: timestamp in ms, within an hour) ---------------------------
    if (req.method === 'POST' && url.pathname === '/robot/send') {
      const robot = byKind('dingtalk', (c) => c.token === url.searchParams.get('access_token'));
      if (!robot) return reject('dingtalk', 'unknown token', 200, { errcode: 300001, errmsg: 'token is not exist' });
      const ts = Number(url.searchParams.get('timestamp'));
      const sign = url.searchParams.get('sign') ?? '';
      if (!ts || Math.abs(Date.now() - ts) > 3600_000)
        return reject('dingtalk', 'timestamp', 200, { errcode: 310000, errmsg: 'invalid timestamp' });
      if (!same(sign, sha256b64(robot[1].secret, `${ts}\n${robot[1].secret}`)))
        return reject('dingtalk', 'sign', 200, { errcode: 310000, errmsg: 'sign not match' });
      if (
        body.msgtype === 'markdown' ? !(body.markdown?.title && body.markdown?.text) : body.msgtype === 'text' ? !body.text?.content : true
      ) {
        return reject('dingtalk', 'shape', 200, { errcode: 40035, errmsg: 'missing parameter' });
      }
      if (tooFast(robot[0])) return reject('dingtalk', 'rate', 200, { errcode: 130101, errmsg: 'send too fast' });
      const text = body.markdown?.text ?? body.text?.content;
      record({
        platform: 'dingtalk',
        target: robot[0],
        to: (body.at?.atMobiles ?? []).join(','),
        title: body.markdown?.title ?? '',
        text,
        link: linkIn(text),
        idempotencyKey: null,
      });
      return json(200, { errcode: 0, errmsg: 'ok' });
    }

    // ---- Feishu custom bot (签名校验: timestamp in s, in the body) ------------------------------
    const feishu = /^\/open-apis\/bot\/v2\/hook\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && feishu) {
      const bot = byKind('feishu', (c) => c.hook === feishu[1]);
      if (!bot) return reject('feishu', 'unknown hook', 200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
      const ts = Number(body.timestamp);
      const expected = createHmac('sha256', `${body.timestamp}\n${bot[1].secret}`).update('').digest('base64');
      if (!ts || Math.abs(Date.now() / 1000 - ts) > 3600 || typeof body.sign !== 'string' || !same(body.sign, expected)) {
        return reject('feishu', 'sign', 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
      }
      let title = '';
      let text = '';
      let link = '';
      if (body.msg_type === 'text' && typeof body.content?.text === 'string') text = body.content.text;
      else if (body.msg_type === 'interactive' && body.card?.elements) {
        title = body.card.header?.title?.content ?? '';
        text = body.card.elements
          .map((e: any) => e.text?.content ?? '')
          .filter(Boolean)
          .join('\n');
        link = body.card.elements.flatMap((e: any) => e.actions ?? []).find((a: any) => a.url)?.url ?? '';
      } else return reject('feishu', 'shape', 200, { code: 9499, msg: 'Bad Request' });
      if (tooFast(bot[0])) return reject('feishu', 'rate', 200, { code: 9499, msg: 'too many request' });
      record({ platform: 'feishu', target: bot[0], to: '', title, text, link, idempotencyKey: null });
      return json(200, { code: 0, msg: 'success', data: {} });
    }

    // ---- WeCom app messages ------------------------------------------------------------------
    if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== config.wecom.corpId)
        return reject('wecom_app', 'corpid', 200, { errcode: 40013, errmsg: 'invalid corpid' });
      if (url.searchParams.get('corpsecret') !== config.wecom.corpSecret)
        return reject('wecom_app', 'secret', 200, { errcode: 40001, errmsg: 'invalid credential' });
      tokenRequests += 1;
      const token = rand(32);
      tokens.set(token, Date.now() + 7200_000);
      return json(200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/send') {
      const expires = tokens.get(url.searchParams.get('access_token') ?? '');
      if (expires === undefined) return reject('wecom_app', 'token', 200, { errcode: 40014, errmsg: 'invalid access_token' });
      if (expires < Date.now()) return reject('wecom_app', 'expired', 200, { errcode: 42001, errmsg: 'access_token expired' });
      if (Number(body.agentid) !== config.wecom.agentId)
        return reject('wecom_app', 'agentid', 200, { errcode: 40056, errmsg: 'invalid agentid' });
      if (!body.touser) return reject('wecom_app', 'touser', 200, { errcode: 40031, errmsg: 'invalid touser' });
      const card = body.textcard;
      if (body.msgtype !== 'textcard' || !card?.title || !card?.description || !card?.url)
        return reject('wecom_app', 'shape', 200, { errcode: 41011, errmsg: 'missing textcard' });
      if (bytes(card.title) > 128 || bytes(card.description) > 512)
        return reject('wecom_app', 'too long', 200, { errcode: 45002, errmsg: 'content size out of limit' });
      record({
        platform: 'wecom_app',
        target: 'wecom',
        to: String(body.touser),
        title: card.title,
        text: card.description,
        link: card.url,
        idempotencyKey: null,
      });
      return json(200, { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: rand(8) });
    }

    // ---- Generic webhook -----------------------------------------------------------------------
    const hook = /^\/hooks\/(\w+)$/.exec(url.pathname);
    if (req.method === 'POST' && hook) {
      const target = byKind('webhook', (c) => c.path === hook[1]);
      if (!target) return reject('webhook', 'unknown path', 404, { error: 'not found' });
      const expected = `sha256=${createHmac('sha256', target[1].secret).update(raw).digest('hex')}`;
      if (!same(String(req.headers['x-houqin-signature'] ?? ''), expected))
        return reject('webhook', 'signature', 401, { error: 'bad signature' });
      record({
        platform: 'webhook',
        target: target[0],
        to: body.person?.account ?? body.person?.id ?? '',
        title: body.title,
        text: body.body,
        link: body.link,
        idempotencyKey: String(req.headers['idempotency-key'] ?? '') || null,
      });
      return json(200, { ok: true });
    }

    // ---- The inbox and test controls ---------------------------------------------------------
    if (req.method === 'GET' && url.pathname === '/inbox.json') return json(200, { messages, rejected, tokenRequests });
    if (req.method === 'POST' && url.pathname === '/faults') {
      const asked = JSON.parse(raw || '{}') as { failRate?: number; expireTokens?: boolean };
      faults.failRate = Math.min(1, Math.max(0, Number(asked.failRate) || 0));
      // WeCom ends tokens early sometimes (a secret reset): the next send must get 42001 and fetch a new one.
      if (asked.expireTokens) for (const t of tokens.keys()) tokens.set(t, 0);
      return json(200, faults);
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/inbox')) {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      return void res.end(inboxPage(messages));
    }
    json(404, { errcode: 404, errmsg: `no such endpoint ${req.method} ${url.pathname}` });
  }

  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((e) => {
        res.writeHead(500);
        res.end(String(e));
      }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const channelsSecret = JSON.stringify({
    ...Object.fromEntries(
      Object.entries(config.channels).map(([name, c]) => [
        name,
        c.kind === 'wecom_robot'
          ? { url: `${url}/cgi-bin/webhook/send?key=${c.key}` }
          : c.kind === 'dingtalk'
            ? { url: `${url}/robot/send?access_token=${c.token}`, secret: c.secret }
            : c.kind === 'feishu'
              ? { url: `${url}/open-apis/bot/v2/hook/${c.hook}`, secret: c.secret }
              : { url: `${url}/hooks/${c.path}`, secret: c.secret },
      ]),
    ),
    wecom: { corpId: config.wecom.corpId, corpSecret: config.wecom.corpSecret, agentId: config.wecom.agentId, apiBase: url },
  });
  return {
    url,
    port,
    config,
    channelsSecret,
    messages,
    faults,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const platformName: Record<InboxMessage['platform'], string> = {
  wecom_robot: '企业微信群机器人 WeCom robot',
  dingtalk: '钉钉机器人 DingTalk',
  feishu: '飞书机器人 Feishu',
  wecom_app: '企业微信应用消息 WeCom app',
  webhook: 'Webhook',
};

function inboxPage(messages: readonly InboxMessage[]): string {
  const items = [...messages].reverse().map(
    (
      m,
    ) => `<li><p class="meta">#${m.n} · ${esc(platformName[m.platform])} · ${esc(m.target)}${m.to ? ` → ${esc(m.to)}` : ''} · ${esc(new Date(m.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }))}</p>
<h2>${esc(m.title)}</h2><pre>${esc(m.text)}</pre>${m.link ? `<a href="${esc(m.link)}">打开 / Open</a>` : ''}</li>`,
  );
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>本地消息收件箱 · Local inbox</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem}li{list-style:none;border:1px solid #ccc;border-radius:8px;padding:.5rem 1rem;margin:.75rem 0}.meta{color:#555;font-size:.85rem;margin:0}h2{font-size:1.05rem;margin:.25rem 0}ul{padding:0}pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:.25rem 0}a{display:inline-block;padding:.4rem 1rem;background:#1565c0;color:#fff;border-radius:6px;text-decoration:none}</style>
<h1>本地消息收件箱 · Local inbox</h1><p>演示学校会通过企业微信、钉钉、飞书发出的消息（本地模拟，不会真正发出）。 The messages the demo school would send; nothing leaves this machine. Refresh to see new ones.</p>
<ul>${items.join('\n') || '<li>还没有消息。 No messages yet.</li>'}</ul></html>`;
}
