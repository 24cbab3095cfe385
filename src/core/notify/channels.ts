/**
 * The five channels, each in its platform's documented format:
 * - WeCom group robot: POST {url} `{msgtype:'markdown', markdown:{content}}` (content ≤ 4096 bytes), answer `{errcode:0}`.
 * - DingTalk custom robot: POST {url}&timestamp={ms}&sign={urlencode(base64(HmacSHA256(key=secret, `${ms}\n${secret}`)))},
 *   `{msgtype:'markdown', markdown:{title,text}, at:{atMobiles}}`, answer `{errcode:0}` (310000: bad signature).
 * - Feishu custom bot: POST {url} `{timestamp:'<s>', sign: base64(HmacSHA256(key=`${s}\n${secret}`, '')), msg_type:'interactive', card}`,
 *   answer `{code:0}` (19021: bad signature or timestamp over an hour off).
 * - WeCom app message: GET /cgi-bin/gettoken?corpid&corpsecret → access_token (7200 s, cached), then POST
 *   /cgi-bin/message/send?access_token= `{touser, msgtype:'textcard', agentid, textcard:{title,description,url,btntxt}}`.
 * - Generic webhook: POST JSON, `X-Houqin-Signature: sha256=<hex HMAC of the body>` when the entry has a secret.
 */
import { why, type ChannelConfig, type ChannelKind, type Delivery, type SendResult } from './types.js';

const WECOM_API = 'https://qyapi.weixin.qq.com';

/** Per-target messages per minute (robots allow about 20; the app and webhooks are not throttled by us beyond this). */
export const RATE_PER_MINUTE: Record<ChannelKind, number> = { wecom_robot: 20, dingtalk: 20, feishu: 20, wecom_app: 600, webhook: 600 };

const encoder = new TextEncoder();

async function hmacSha256(key: string, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** DingTalk: sign = urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), timestamp in ms. */
export async function dingtalkSign(secret: string, timestampMs: number): Promise<string> {
  return encodeURIComponent(base64(await hmacSha256(secret, `${timestampMs}\n${secret}`)));
}

/** Feishu: sign = base64(HmacSHA256 keyed by timestamp + "\n" + secret over an empty message), timestamp in seconds. */
export async function feishuSign(secret: string, timestampSeconds: number): Promise<string> {
  return base64(await hmacSha256(`${timestampSeconds}\n${secret}`, ''));
}

/** Generic webhook: hex HMAC-SHA256 of the raw body. */
export async function webhookSignature(secret: string, body: string): Promise<string> {
  return `sha256=${hex(await hmacSha256(secret, body))}`;
}

/** Cut text to at most `max` UTF-8 bytes (the platforms count bytes), on a character boundary. */
export function clipBytes(text: string, max: number): string {
  if (encoder.encode(text).length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (encoder.encode(out + ch + '…').length > max) break;
    out += ch;
  }
  return `${out}…`;
}

const openLabel = (d: Delivery) => (d.locale === 'en' ? 'Open' : '打开处理');

export interface ChannelDeps {
  fetch: typeof fetch;
  now: number;
  /** The WeCom app's cached access token (per corp and agent), or null. */
  token: {
    get(name: string): Promise<string | null>;
    put(name: string, token: string, ttlSeconds: number): Promise<void>;
    drop(name: string): Promise<void>;
  };
}

/** The request each robot and webhook channel sends (the app's two-step send is `sendWecomApp`). */
export async function buildRequest(
  d: Delivery,
  config: ChannelConfig,
  now: number,
): Promise<{ url: string; body: string; headers: Record<string, string> }> {
  const json = { 'Content-Type': 'application/json; charset=utf-8' };
  switch (d.channel) {
    case 'wecom_robot': {
      const mention = d.person.account ? `\n<@${d.person.account}>` : '';
      const content = clipBytes(`**${d.title}**\n${d.body}\n[${openLabel(d)}](${d.link})${mention}`, 4096);
      return { url: config.url!, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
    }
    case 'dingtalk': {
      const text = `#### ${d.title}\n\n${d.body}\n\n[${openLabel(d)}](${d.link})${d.person.phone ? ` @${d.person.phone}` : ''}`;
      const body = JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: d.title, text },
        at: { atMobiles: d.person.phone ? [d.person.phone] : [], isAtAll: false },
      });
      if (!config.secret) return { url: config.url!, headers: json, body };
      // The sign is already URL-encoded (DingTalk's sample), so it is appended as is.
      return { url: `${config.url!}&timestamp=${now}&sign=${await dingtalkSign(config.secret, now)}`, headers: json, body };
    }
    case 'feishu': {
      const seconds = Math.floor(now / 1000);
      const card = {
        header: { title: { tag: 'plain_text', content: d.title }, template: 'blue' },
        elements: [
          { tag: 'div', text: { tag: 'lark_md', content: `${d.body}\n${d.person.name}` } },
          { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: openLabel(d) }, url: d.link, type: 'primary' }] },
        ],
      };
      const signed = config.secret ? { timestamp: String(seconds), sign: await feishuSign(config.secret, seconds) } : {};
      return { url: config.url!, headers: json, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
    }
    case 'webhook': {
      const body = JSON.stringify({
        event: d.event,
        id: d.key,
        title: d.title,
        body: d.body,
        link: d.link,
        locale: d.locale,
        person: { id: d.person.id, name: d.person.name, account: d.person.account || null },
      });
      const headers: Record<string, string> = { ...json, 'Idempotency-Key': d.key };
      if (config.secret) headers['X-Houqin-Signature'] = await webhookSignature(config.secret, body);
      return { url: config.url!, headers, body };
    }
    case 'wecom_app':
      throw new Error('wecom_app sends in two steps (sendWecomApp)');
  }
}

/** What a platform's answer means. Codes: WeCom 45009 / DingTalk 130101 / Feishu 9499 are "too fast" (retry). */
async function judge(d: Delivery, res: Response): Promise<SendResult> {
  const text = await res.text();
  if (res.status === 429 || res.status >= 500) return { ok: false, retry: true, reason: `HTTP ${res.status}` };
  if (d.channel === 'webhook')
    return res.ok ? { ok: true } : { ok: false, retry: false, reason: `HTTP ${res.status} ${text.slice(0, 120)}` };
  if (!res.ok) return { ok: false, retry: res.status !== 404 && res.status !== 400, reason: `HTTP ${res.status} ${text.slice(0, 120)}` };
  let answer: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
  try {
    answer = JSON.parse(text);
  } catch {
    return { ok: false, retry: true, reason: `not JSON: ${text.slice(0, 80)}` };
  }
  const code = answer.errcode ?? answer.code ?? answer.StatusCode ?? -1;
  if (code === 0) return { ok: true };
  const reason = `${code} ${answer.errmsg ?? answer.msg ?? ''}`.trim();
  const tooFast = code === 45009 || code === 130101 || code === 9499 || code === 11232;
  return { ok: false, retry: tooFast || code === -1 || code === 42001 || code === 40014, reason };
}

/** Send one delivery with its channel's config. Never throws: a network error is a retryable failure. */
export async function sendDelivery(d: Delivery, config: ChannelConfig | undefined, deps: ChannelDeps): Promise<SendResult> {
  const problem = configProblem(d, config);
  if (problem) return { ok: false, retry: false, reason: problem };
  try {
    if (d.channel === 'wecom_app') return await sendWecomApp(d, config!, deps);
    const req = await buildRequest(d, config!, deps.now);
    return await judge(d, await deps.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body }));
  } catch (error) {
    return { ok: false, retry: true, reason: `network: ${(error as Error).message}`.slice(0, 200) };
  }
}

/** Bad configuration, named for the delivery log (never a failed request for the user). */
export function configProblem(d: Delivery, config: ChannelConfig | undefined): string | null {
  if (!config) return why('noTarget', { target: d.target });
  if (d.channel === 'wecom_app') {
    if (!config.corpId || !config.corpSecret || !config.agentId) return why('badApp', { target: d.target });
    if (!d.person.account) return why('noAccount', { name: d.person.name, id: d.person.id });
    return null;
  }
  if (!config.url || !/^https?:\/\//.test(config.url)) return why('badUrl', { target: d.target });
  return null;
}

async function sendWecomApp(d: Delivery, config: ChannelConfig, deps: ChannelDeps): Promise<SendResult> {
  const base = (config.apiBase ?? WECOM_API).replace(/\/+$/, '');
  const tokenName = `wecom:${config.corpId}:${config.agentId}`;
  let token = await deps.token.get(tokenName);
  if (!token) {
    const res = await deps.fetch(
      `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(config.corpId!)}&corpsecret=${encodeURIComponent(config.corpSecret!)}`,
    );
    if (res.status >= 500 || res.status === 429) return { ok: false, retry: true, reason: `gettoken HTTP ${res.status}` };
    const got = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string; access_token?: string; expires_in?: number };
    // 40013 invalid corpid, 40001 invalid secret: configuration, not weather.
    if (got.errcode !== 0 || !got.access_token)
      return { ok: false, retry: got.errcode === -1, reason: `gettoken ${got.errcode ?? res.status} ${got.errmsg ?? ''}`.trim() };
    token = got.access_token;
    // Renew five minutes early.
    await deps.token.put(tokenName, token, Math.max(60, (got.expires_in ?? 7200) - 300));
  }
  const body = {
    touser: d.person.account,
    msgtype: 'textcard',
    agentid: Number(config.agentId),
    textcard: { title: clipBytes(d.title, 128), description: clipBytes(d.body, 512), url: d.link, btntxt: openLabel(d) },
  };
  const res = await deps.fetch(`${base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  const result = await judge(d, res);
  // An expired or revoked token: forget it, the retry fetches a new one.
  if (!result.ok && /^(42001|40014|40001)\b/.test(result.reason)) await deps.token.drop(tokenName);
  return result;
}
