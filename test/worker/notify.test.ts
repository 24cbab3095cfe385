/**
 * Notifications inside workerd: each channel's signature and message shape as the platform
 * fakes check them, once-only delivery under redelivery, retries, bad configuration as a
 * delivery-log line (never a failed request), the school-day digest, and the staff desk.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import worker from '../../src/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { deliver, quietWait, storeFor } from '../../src/core/notify/outbox.js';
import { runDaily, syncStuck } from '../../src/core/notify/daily.js';
import { readLink, signedLink } from '../../src/core/notify/link.js';
import type { Delivery, NotifyMessage } from '../../src/core/notify/types.js';
import { addDays, instantOf, localDate } from '../../src/core/time.js';
import type { Env } from '../../src/env.js';
import { plugins } from '../../src/plugins/index.js';
import { call, data, login, personWith, secret, sheetValues, spreadsheetId, staffEdit, synced } from './auth-helpers.js';

const E = env as unknown as Env;
const fakeUrl = () => inject('notifyFakeUrl');
const school = () => spreadsheetId();

interface InboxMessage {
  platform: string;
  target: string;
  to: string;
  title: string;
  text: string;
  link: string;
  idempotencyKey: string | null;
}
async function inbox(): Promise<{
  messages: InboxMessage[];
  rejected: Array<{ platform: string; reason: string }>;
  tokenRequests: number;
}> {
  return (await fetch(`${fakeUrl()}/inbox.json`)).json();
}
async function faults(failRate: number) {
  await fetch(`${fakeUrl()}/faults`, { method: 'POST', body: JSON.stringify({ failRate }) });
}
afterEach(() => faults(0));

let seq = 0;
function delivery(channel: Delivery['channel'], target: string, extra: Partial<Delivery> = {}): Delivery {
  const key = `test:${channel}:${Date.now().toString(36)}:${seq++}`;
  return {
    key,
    event: 'repairs.assigned',
    channel,
    target,
    // A real demo person: the delivery log shows their name, which the page-language test finds in the sheet.
    person: {
      id: personWith('teacher', 2).id,
      name: personWith('teacher', 2).name,
      account: 'wx_test',
      phone: personWith('teacher', 2).phone,
    },
    locale: 'zh-CN',
    title: `派工：${key}`,
    body: '图书室：灯管闪烁。小修不隔夜。',
    link: 'https://portal.test/notify/go/x.y',
    at: Date.now(),
    ...extra,
  };
}
const deps = { plugins };

async function log(key: string) {
  const { lines } = await storeFor(E, school()).recent(500);
  return lines.filter((l) => l.key === key);
}

async function until<T>(get: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('channels: each platform accepts the signature and the shape it documents', () => {
  it.each([
    ['wecom_robot', 'logistics-group'],
    ['dingtalk', 'safety-dingtalk'],
    ['feishu', 'logistics-feishu'],
    ['webhook', 'office-webhook'],
    ['wecom_app', 'wecom'],
  ] as const)('%s delivers (fake checks signature, shape and limits)', async (channel, target) => {
    const d = delivery(channel, target);
    expect(await deliver(E, school(), d, 1, deps)).toBeNull();
    const { messages } = await inbox();
    const got = messages.filter((m) => m.title === d.title);
    expect(got).toHaveLength(1);
    expect(got[0]!.platform).toBe(channel);
    expect(got[0]!.link).toBe(d.link);
    expect((await log(d.key)).map((l) => l.outcome)).toEqual(['sent']);
  });

  it('a wrong DingTalk or Feishu secret is refused by the platform and logged as failed, not retried', async () => {
    const channels = JSON.parse(E.NOTIFY_CHANNELS!);
    const bad = {
      ...E,
      NOTIFY_CHANNELS: JSON.stringify({
        ...channels,
        'safety-dingtalk': { ...channels['safety-dingtalk'], secret: 'SECwrong' },
        'logistics-feishu': { ...channels['logistics-feishu'], secret: 'wrong' },
      }),
    } as Env;
    const ding = delivery('dingtalk', 'safety-dingtalk');
    const fei = delivery('feishu', 'logistics-feishu');
    expect(await deliver(bad, school(), ding, 1, deps)).toBeNull();
    expect(await deliver(bad, school(), fei, 1, deps)).toBeNull();
    expect((await log(ding.key))[0]).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('310000') });
    expect((await log(fei.key))[0]).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('19021') });
    const { rejected } = await inbox();
    expect(rejected.some((r) => r.platform === 'dingtalk' && r.reason === 'sign')).toBe(true);
    expect(rejected.some((r) => r.platform === 'feishu' && r.reason === 'sign')).toBe(true);
  });

  it('the WeCom access token is fetched once and cached, and fetched again after WeCom says it expired', async () => {
    await deliver(E, school(), delivery('wecom_app', 'wecom'), 1, deps);
    const before = (await inbox()).tokenRequests;
    await deliver(E, school(), delivery('wecom_app', 'wecom'), 1, deps);
    await deliver(E, school(), delivery('wecom_app', 'wecom'), 1, deps);
    expect((await inbox()).tokenRequests).toBe(before);
    await fetch(`${fakeUrl()}/faults`, { method: 'POST', body: JSON.stringify({ expireTokens: true }) });
    const d = delivery('wecom_app', 'wecom');
    const wait = await deliver(E, school(), d, 1, deps);
    expect(wait).toBeGreaterThanOrEqual(0);
    expect((await log(d.key))[0]).toMatchObject({ outcome: 'retry', detail: expect.stringContaining('42001') });
    expect(await deliver(E, school(), d, 2, deps)).toBeNull();
    expect((await inbox()).tokenRequests).toBe(before + 1);
    expect((await inbox()).messages.filter((m) => m.title === d.title)).toHaveLength(1);
  });

  it('text over the WeCom limits is cut to the documented byte lengths, not refused', async () => {
    const d = delivery('wecom_app', 'wecom', { body: '长'.repeat(400) });
    expect(await deliver(E, school(), d, 1, deps)).toBeNull();
    const m = (await inbox()).messages.find((x) => x.title === d.title)!;
    expect(new TextEncoder().encode(m.text).length).toBeLessThanOrEqual(512);
  });
});

describe('once only: redelivery, retries, the dead-letter queue', () => {
  it('the same delivery delivered twice (a queue redelivery) is sent once', async () => {
    const d = delivery('webhook', 'office-webhook');
    await deliver(E, school(), d, 1, deps);
    await deliver(E, school(), d, 2, deps);
    expect((await inbox()).messages.filter((m) => m.idempotencyKey === d.key)).toHaveLength(1);
    expect((await log(d.key)).map((l) => l.outcome).sort()).toEqual(['duplicate', 'sent']);
  });

  it('a platform failure is retried with backoff and then sent once', async () => {
    const d = delivery('webhook', 'office-webhook');
    await faults(1);
    const wait = await deliver(E, school(), d, 1, deps);
    expect(wait).toBeGreaterThan(0);
    await faults(0);
    expect(await deliver(E, school(), d, 2, deps)).toBeNull();
    expect((await inbox()).messages.filter((m) => m.idempotencyKey === d.key)).toHaveLength(1);
    expect((await log(d.key)).map((l) => l.outcome).reverse()).toEqual(['retry', 'sent']);
  });

  it('the queue handler retries a failed send and acks a sent one; the dead-letter queue logs what gave up', async () => {
    const d = delivery('webhook', 'office-webhook');
    const body: NotifyMessage = { kind: 'delivery', school: school(), delivery: d };
    await faults(1);
    const batch = createMessageBatch<NotifyMessage>('houqin-notify', [{ id: 'm1', timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Env>).queue!(batch as never, E, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(['m1']);
    await faults(0);
    const dead = createMessageBatch<NotifyMessage>('houqin-notify-dlq', [{ id: 'm2', timestamp: new Date(), attempts: 9, body }]);
    const ctx2 = createExecutionContext();
    await (worker as ExportedHandler<Env>).queue!(dead as never, E, ctx2);
    expect((await getQueueResult(dead, ctx2)).explicitAcks).toEqual(['m2']);
    expect((await log(d.key))[0]).toMatchObject({ outcome: 'dead' });
    // A notice that never fanned out is said on the log too.
    const notice: NotifyMessage = {
      kind: 'notice',
      school: school(),
      origin: 'https://portal.test',
      notice: { event: 'repairs.reported', id: `dead-notice-${Date.now()}`, to: ['role:head'], href: '/' },
    };
    const deadNotice = createMessageBatch<NotifyMessage>('houqin-notify-dlq', [
      { id: 'm3', timestamp: new Date(), attempts: 9, body: notice },
    ]);
    const ctx3 = createExecutionContext();
    await (worker as ExportedHandler<Env>).queue!(deadNotice as never, E, ctx3);
    expect((await getQueueResult(deadNotice, ctx3)).explicitAcks).toEqual(['m3']);
    expect((await log(notice.kind === 'notice' ? notice.notice.id : ''))[0]).toMatchObject({ outcome: 'dead' });
  });

  it('a robot holds to about 20 messages a minute: the 21st waits for the next minute', async () => {
    const now = Date.now();
    const target = `rate-${now}`;
    const store = storeFor(E, school());
    for (let i = 0; i < 20; i++) expect(await store.take(`wecom_robot:${target}`, 20, now)).toBe(true);
    expect(await store.take(`wecom_robot:${target}`, 20, now)).toBe(false);
    expect(await store.take(`wecom_robot:${target}`, 20, now + 60_000)).toBe(true);
  });

  it('writes waiting over half an hour, or parked as conflicts, tell the head', () => {
    const base = { pending: 0, oldestPendingAgeMs: null, conflicts: 0, lastError: null, lastSyncedAt: null };
    expect(syncStuck(base)).toBe(false);
    expect(syncStuck({ ...base, pending: 3, oldestPendingAgeMs: 5 * 60_000 })).toBe(false);
    expect(syncStuck({ ...base, pending: 3, oldestPendingAgeMs: 31 * 60_000 })).toBe(true);
    expect(syncStuck({ ...base, conflicts: 1 })).toBe(true);
  });

  it('quiet hours hold messages until they end (school time)', () => {
    expect(quietWait('21:30-06:30', instantOf('2026-12-01T23:00:00'))).toBe(7.5 * 3600);
    expect(quietWait('21:30-06:30', instantOf('2026-12-01T12:00:00'))).toBe(0);
    expect(quietWait('', instantOf('2026-12-01T23:00:00'))).toBe(0);
  });
});

describe('from a request to a message, through the real queue', () => {
  it('assigning a repair reaches the worker in their WeCom, with a signed link that opens the repair', async () => {
    const teacher = await login(personWith('teacher'));
    const head = await login(personWith('head'));
    const worker = personWith('staff');
    const rep = await call('/repairs', {
      login: teacher,
      form: { room: '图书室', category: 'electrical', urgency: 'small', description: '通知测试灯管', _key: crypto.randomUUID() },
    });
    expect(rep.status).toBe(303);
    const id = decodeURIComponent(rep.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
    expect((await call(`/repairs/${id}/assign`, { login: head, form: { workerId: worker.id, _key: crypto.randomUUID() } })).status).toBe(
      303,
    );
    const msg = await until(async () => (await inbox()).messages.find((m) => m.platform === 'wecom_app' && m.title.includes(id)));
    expect(msg.to).toBe(`wx_${worker.id.toLowerCase()}`);
    const link = await readLink(secret(), msg.link.split('/notify/go/')[1]!);
    expect(link).toEqual({ to: `/repairs/${id}`, personId: worker.id });
    // One tap: signed in, straight to the repair; not signed in, through sign-in and back.
    const signedIn = await call(new URL(msg.link).pathname, { login: await login(worker) });
    expect(signedIn.headers.get('location')).toBe(`/repairs/${id}`);
    const anon = await call(new URL(msg.link).pathname);
    expect(anon.headers.get('location')).toBe(`/auth/signin?next=${encodeURIComponent(`/repairs/${id}`)}`);
    // An edited link is refused.
    const forged = await signedLink('https://portal.test', 'another-secret-0123456789abcdef0123456789', '//evil.example', worker.id);
    expect((await call(new URL(forged).pathname)).status).toBe(400);
  });

  it('the reporter signs off with a 1–5 rating, stored on the repair row; anything else is refused', async () => {
    const teacher = await login(personWith('teacher'));
    const head = await login(personWith('head'));
    const rep = await call('/repairs', {
      login: teacher,
      form: { room: '图书室', category: 'electrical', urgency: 'small', description: '评分测试', _key: crypto.randomUUID() },
    });
    const id = decodeURIComponent(rep.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
    await call(`/repairs/${id}/assign`, { login: head, form: { workerId: personWith('staff').id, _key: crypto.randomUUID() } });
    expect((await call(`/repairs/${id}/done`, { login: head, form: { notes: '换灯管', _key: crypto.randomUUID() } })).status).toBe(303);
    const bad = await call(`/repairs/${id}/signoff`, { login: teacher, form: { rating: '7', _key: crypto.randomUUID() } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('请选择 1–5 分');
    expect((await call(`/repairs/${id}/signoff`, { login: teacher, form: { rating: '5', _key: crypto.randomUUID() } })).status).toBe(303);
    await synced();
    const values = await sheetValues('报修单');
    const header = values[0] as string[];
    const got = values.find((r) => r[header.indexOf('报修编号')] === id)!;
    expect(got[header.indexOf('评分')]).toBe(5);
  });

  it('an escalated repair reaches leadership', async () => {
    const teacher = await login(personWith('teacher'));
    const head = await login(personWith('head'));
    const rep = await call('/repairs', {
      login: teacher,
      form: { room: '图书室', category: 'network', urgency: 'large', description: '机房交换机损坏', _key: crypto.randomUUID() },
    });
    const id = decodeURIComponent(rep.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
    expect(
      (await call(`/repairs/${id}/assign`, { login: head, form: { workerId: personWith('staff').id, _key: crypto.randomUUID() } })).status,
    ).toBe(303);
    expect(
      (await call(`/repairs/${id}/escalate`, { login: head, form: { note: '需更换设备，申请采购', _key: crypto.randomUUID() } })).status,
    ).toBe(303);
    const leader = `wx_${personWith('leader').id.toLowerCase()}`;
    const msg = await until(async () =>
      (await inbox()).messages.find((m) => m.platform === 'wecom_app' && m.title.includes(id) && m.to === leader),
    );
    expect(msg.title).toContain('上报');
    expect(msg.text).toContain('需更换设备');
  });

  it('a purchase request reaches the approver of its value tier (the head under ¥500)', async () => {
    const teacher = await login(personWith('teacher'));
    const res = await call('/stores/requests', {
      login: teacher,
      form: {
        purpose: '通知测试：粉笔',
        department: '七年级',
        neededBy: addDays(localDate(), 10),
        item_1: 'WP001',
        qty_1: '2',
        _key: crypto.randomUUID(),
      },
    });
    expect(res.status).toBe(303);
    const id = decodeURIComponent(/\/stores\/requests\/([^?]+)/.exec(res.headers.get('Location')!)![1]!);
    const head = `wx_${personWith('head').id.toLowerCase()}`;
    const msg = await until(async () =>
      (await inbox()).messages.find((m) => m.platform === 'wecom_app' && m.title.includes(id) && m.to === head),
    );
    expect(msg.title).toContain('请购待审批');
    expect(msg.text).toContain('通知测试：粉笔');
  });

  it('bad configuration (an unknown target, a person with no WeCom account) is a line on the delivery log, never a failed request', async () => {
    const values = await sheetValues('通知');
    await staffEdit({
      data: [
        { range: `'通知'!A${values.length + 1}`, values: [['N900', 'repairs.reported', '企业微信群机器人', 'nowhere', true, '', '']] },
      ],
      valueInputOption: 'RAW',
    });
    // Read the tab fresh now, as the consumer would within the 30 s staleness.
    const { schoolData } = await import('../../src/core/data/school-data.js');
    await schoolData(E, school()).read(['notifyRules'], { fresh: true });
    const teacher = await login(personWith('teacher', 1));
    const res = await call('/repairs', {
      login: teacher,
      form: { room: '图书室', category: 'water', urgency: 'small', description: '配置错误测试', _key: crypto.randomUUID() },
    });
    expect(res.status).toBe(303);
    const store = storeFor(E, school());
    const line = await until(async () => (await store.recent(500)).lines.find((l) => l.target === 'nowhere' && l.outcome === 'failed'));
    expect(line.detail).toMatch(/^notify\.why\.noTarget\|.*nowhere/);
    // The head sees it on the log page and the desk.
    const head = await login(personWith('head'));
    const page = await (await call('/notify', { login: head })).text();
    expect(page).toContain('NOTIFY_CHANNELS 中没有名为“nowhere”的目标');
    expect(await (await call('/notify?lang=en', { login: head })).text()).toContain(
      'NOTIFY_CHANNELS has no target named &quot;nowhere&quot;',
    );
    expect(await (await call('/', { login: head })).text()).toContain('通知发送失败');
    const noAccount = delivery('wecom_app', 'wecom', {
      person: { id: personWith('teacher', 3).id, name: personWith('teacher', 3).name, account: '', phone: '' },
    });
    expect(await deliver(E, school(), noAccount, 1, deps)).toBeNull();
    expect((await log(noAccount.key))[0]).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('notify.why.noAccount') });
    await synced();
  });

  it('a queue that fails to accept the notice never fails the user request', async () => {
    const { notify } = await import('../../src/core/notify/outbox.js');
    const broken = { send: () => Promise.reject(new Error('queue down')) };
    const c = { env: { ...E, NOTIFY_QUEUE: broken }, var: { school: { spreadsheetId: school() } }, req: { url: 'https://portal.test/x' } };
    await expect(notify(c as never, { event: 'repairs.assigned', id: 'x', to: ['P001'], href: '/' })).resolves.toBeUndefined();
  });
});

describe('the school-day digest and the staff desk', () => {
  function capture() {
    const sent: NotifyMessage[] = [];
    return {
      sent,
      env: { ...E, NOTIFY_QUEUE: { send: async (m: NotifyMessage) => void sent.push(m), sendBatch: async () => {} } } as unknown as Env,
    };
  }

  it('sends each person their own duties at 07:30 on a school day, nothing at other times, nothing on holidays', async () => {
    const day = capture();
    const schoolDay = await runDaily(day.env, plugins, school(), instantOf('2026-12-01T07:31:00'));
    expect(schoolDay.outcome).toBe('sent');
    const digests = day.sent.filter((m) => m.kind === 'notice' && m.notice.event === 'digest');
    expect(digests.length).toBeGreaterThan(0);
    for (const m of digests) if (m.kind === 'notice') expect(m.notice.to).toHaveLength(1);
    expect(digests.every((m) => m.kind === 'notice' && m.notice.id.startsWith('digest:2026-12-01:'))).toBe(true);
    // The same run reminds borrowers of overdue loans and owners of overdue hazards, by name, once a day.
    const notices = day.sent.flatMap((m) => (m.kind === 'notice' ? [m.notice] : []));
    const loans = notices.filter((n) => n.event === 'assets.loanOverdue');
    expect(loans.length).toBeGreaterThan(0);
    expect(loans.every((n) => n.id.endsWith(':2026-12-01') && n.to.length === 1)).toBe(true);
    expect(notices.some((n) => n.event === 'repairs.hazardOverdue')).toBe(true);

    const later = capture();
    expect((await runDaily(later.env, plugins, school(), instantOf('2026-12-01T09:00:00'))).outcome).toBe('not-yet');
    expect(later.sent).toHaveLength(0);

    const holiday = capture(); // 元旦, in the demo 校历
    expect((await runDaily(holiday.env, plugins, school(), instantOf('2027-01-01T07:31:00'))).outcome).toBe('holiday');
    expect(holiday.sent).toHaveLength(0);
    const weekend = capture();
    expect((await runDaily(weekend.env, plugins, school(), instantOf('2026-12-05T07:31:00'))).outcome).toBe('holiday');
    expect(weekend.sent).toHaveLength(0);
  });

  it("a staff member's desk shows their own duties (我的责任区 / 我的任务), not the office's alerts", async () => {
    const worker = personWith('staff', 1);
    const head = await login(personWith('head'));
    const teacher = await login(personWith('teacher'));
    const rep = await call('/repairs', {
      login: teacher,
      form: { room: '图书室', category: 'carpentry', urgency: 'small', description: '书架松动', _key: crypto.randomUUID() },
    });
    const id = decodeURIComponent(rep.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
    await call(`/repairs/${id}/assign`, { login: head, form: { workerId: worker.id, _key: crypto.randomUUID() } });
    const desk = await (await call('/', { login: await login(worker) })).text();
    expect(desk).toContain('我的责任区 / 我的任务');
    expect(desk).toContain(`维修任务 ${id}`);
    // The office's school-wide alerts are the head's, not theirs.
    expect(desk).not.toMatch(/件借用物品逾期未还|项保洁检查漏检/);
    expect(await (await call('/', { login: head })).text()).not.toContain('我的责任区 / 我的任务');
    // Nobody else's job is on it.
    const other = await (await call('/', { login: await login(personWith('staff', 2)) })).text();
    expect(other).not.toContain(`维修任务 ${id}`);
  });
});

describe('小修不隔夜: repairs at risk of missing the day', () => {
  it('at 15:30 on the day a repair is due and not done, tells its worker and the head, once; nothing before 15:30', async () => {
    const { runTimed } = await import('../../src/core/notify/daily.js');
    const { dueDate } = await import('../../src/plugins/repairs/model.js');
    const { schoolCalendar } = await import('../../src/core/calendar.js');
    const worker = personWith('staff', 2);
    const head = await login(personWith('head'));
    const rep = await call('/repairs', {
      login: await login(personWith('teacher')),
      form: { room: '图书室', category: 'carpentry', urgency: 'small', description: '门锁卡住', _key: crypto.randomUUID() },
    });
    const id = decodeURIComponent(rep.headers.get('location')!.match(/\/repairs\/([^?]+)/)![1]!);
    await call(`/repairs/${id}/assign`, { login: head, form: { workerId: worker.id, _key: crypto.randomUUID() } });
    const { repairs, calendar } = await data().read(['repairs', 'calendar']);
    const due = dueDate(repairs.rows.find((r) => r.id === id)!.values, schoolCalendar(calendar))!;
    const sent: NotifyMessage[] = [];
    const env = {
      ...E,
      NOTIFY_QUEUE: { send: async (m: NotifyMessage) => void sent.push(m), sendBatch: async () => {} },
    } as unknown as Env;
    expect(await runTimed(env, plugins, school(), instantOf(`${due}T14:00:00`))).toBe(0);
    await runTimed(env, plugins, school(), instantOf(`${due}T15:31:00`));
    const mine = sent.flatMap((m) =>
      m.kind === 'notice' && m.notice.event === 'repairs.atRisk' && m.notice.id.includes(id) ? [m.notice] : [],
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.to).toEqual([worker.id, 'role:head']);
    expect(mine[0]!.id).toBe(`repairs.atRisk:${id}:${due}`); // the outbox sends one id once, however often the tick runs
  });
});
