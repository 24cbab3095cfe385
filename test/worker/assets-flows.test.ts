/** The asset module's flows inside workerd against the emulator: history, loans, moves, damage, write-offs, class property, stocktakes, labels. */
import { describe, expect, it } from 'vitest';
import { call, login, marker, personWith, sheetValues, synced, type Login } from './auth-helpers.js';

const head = () => login(personWith('head'));

async function register(who: Login, name: string, room = '校门', category = 'furniture'): Promise<string> {
  const res = await call('/assets', {
    login: who,
    htmx: true,
    form: {
      name,
      category,
      kind: 'fixed',
      room,
      responsible: '王老师',
      source: 'purchased',
      acquired: '2026-11-02',
      price: '100',
      status: 'in_use',
      notes: '',
    },
  });
  const tag = /已登记 ([A-Z]{2}-\d{4})/.exec(await res.text())?.[1];
  if (!tag) throw new Error('registration failed');
  return tag;
}

async function rowsOf(title: string): Promise<Array<Record<string, unknown>>> {
  await synced();
  const [header, ...rows] = await sheetValues(title);
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
}

describe('asset detail and history', () => {
  it('records registration, move and transfer as history rows beside the current state', async () => {
    const who = await head();
    const tag = await register(who, marker('讲台'));
    const move = await call(`/assets/${tag}/move`, { login: who, form: { toRoom: '门卫室', notes: '' } });
    expect(move.status).toBe(303);
    const transfer = await call(`/assets/${tag}/transfer`, {
      login: who,
      form: { toRoom: '总务库房', toPerson: '李老师', notes: '调往库房' },
    });
    expect(transfer.status).toBe(303);
    const html = await (await call(`/assets/${tag}`, { login: who })).text();
    expect(html).toContain('变动记录');
    const history = html.slice(html.indexOf('class="grid history"'));
    expect(history).toMatch(/调拨[\s\S]*移动[\s\S]*登记/); // newest first
    expect(html).toContain('/repairs/new?asset=' + tag);
    const events = (await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag);
    expect(events.map((e) => e['变动类型'])).toEqual(['登记', '移动', '调拨']);
    expect(events[2]).toMatchObject({ 原地点: '门卫室', 新地点: '总务库房', 原责任人: '王老师', 新责任人: '李老师' });
    const asset = (await rowsOf('资产')).find((a) => a['资产编号'] === tag);
    expect(asset).toMatchObject({ 存放地点: '总务库房', 责任人: '李老师' });
  });

  it('refuses a move to a room that is not in the Rooms tab, and writes nothing', async () => {
    const who = await head();
    const tag = await register(who, marker('椅'));
    const res = await call(`/assets/${tag}/move`, { login: who, form: { toRoom: '火星基地' } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('场所「火星基地」不在「场所」表中');
    expect((await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag)).toHaveLength(1);
  });

  it('moves several items at once', async () => {
    const who = await head();
    const a = await register(who, marker('凳A'));
    const b = await register(who, marker('凳B'));
    const res = await call('/assets/bulk-move', { login: who, form: { tags: a, room: '门卫室' }, headers: {} });
    expect(res.status).toBe(303);
    const body = new URLSearchParams([
      ['_csrf', who.csrf],
      ['tags', a],
      ['tags', b],
      ['room', '门卫室'],
    ]);
    const res2 = await call('/assets/bulk-move', { login: who, form: Object.fromEntries(body) });
    expect(res2.status).toBe(303);
    const assets = await rowsOf('资产');
    expect(assets.find((r) => r['资产编号'] === a)?.['存放地点']).toBe('门卫室');
  });

  it('lets a class head mark damage only in their own classroom', async () => {
    const own = personWith('class_head');
    const who = await login(own);
    const tag = await register(await head(), marker('课桌'), `${own.unit}教室`);
    const other = await register(await head(), marker('课桌'), '总务库房');
    const ok = await call(`/assets/${tag}/damage`, { login: who, form: { notes: '桌腿断裂', payer: '张同学', amount: '¥45' } });
    expect(ok.status).toBe(303);
    const refused = await call(`/assets/${other}/damage`, { login: who, form: { notes: '桌腿断裂' } });
    expect(refused.status).toBe(403);
    const damage = (await rowsOf('资产变动记录')).find((e) => e['资产编号'] === tag && e['变动类型'] === '损坏');
    expect(damage).toMatchObject({ 赔偿人: '张同学', 金额: 45 });
  });
});

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // school time
const daysFrom = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
const leader = (n = 0) => login(personWith('leader', n));
let keyN = 0;
const formKey = () => `loan-key-${Date.now().toString(36)}-${keyN++}`;

/** A loan requested by the office and approved by the principal in the inbox; its number. */
async function approvedLoan(who: Login, tag: string, form: Record<string, string>): Promise<string> {
  expect((await call(`/assets/${tag}/lend`, { login: who, form })).status).toBe(303);
  const id = String((await rowsOf('借用登记')).find((l) => l['资产编号'] === tag && l['状态'] === '待审批')!['借用单号']);
  expect(
    (
      await call(`/approvals/assets/${id}`, {
        login: await leader(),
        form: { decision: 'approved', comment: '同意，按时归还', _key: formKey() },
      })
    ).status,
  ).toBe(303);
  return id;
}

describe('loans', () => {
  it('are requested, decided by a leader in the approval inbox, handed over, listed overdue, returned once', {
    timeout: 90_000,
  }, async () => {
    const who = await head();
    const tag = await register(who, marker('投影仪'), '总务库房', 'it');
    const form = { borrower: '赵老师', unit: '艺体组', lentOn: daysFrom(-10), due: daysFrom(-5), notes: '' };
    expect((await call(`/assets/${tag}/lend`, { login: who, form })).status).toBe(303);
    const requested = (await rowsOf('借用登记')).find((l) => l['资产编号'] === tag)!;
    expect(requested).toMatchObject({ 状态: '待审批', 借用人: '赵老师', 经办人: personWith('head').name });
    const id = String(requested['借用单号']);
    expect((await rowsOf('资产')).find((a) => a['资产编号'] === tag)?.['状态']).toBe('在用'); // not lent yet
    const again = await call(`/assets/${tag}/lend`, { login: who, form: { borrower: '钱老师', lentOn: today, due: today } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`已有借用申请 ${id}`);
    // Handed over only once a leader agrees; the head cannot decide for them.
    expect((await call(`/assets/loans/${id}/hand-over`, { login: who, form: {} })).status).toBe(409);
    expect((await call(`/approvals/assets/${id}`, { login: who, form: { decision: 'approved', _key: formKey() } })).status).toBe(403);
    const inbox = await (await call('/approvals', { login: await leader() })).text();
    expect(inbox).toContain(`/approvals/assets/${id}`);
    // The card says who asked; the lent-on date is the loan's own (in its summary), not a request time.
    const card = inbox.slice(inbox.indexOf(`id="ap-${id}"`)).split('</article>')[0]!;
    expect(card).toContain(`${daysFrom(-10)} → ${daysFrom(-5)}`);
    expect(card).toMatch(new RegExp(`申请人 ${personWith('head').name}( · 审批|</p>)`));
    const key = formKey();
    expect(
      (
        await call(`/approvals/assets/${id}`, {
          login: await leader(),
          form: { decision: 'approved', comment: '同意，按时归还', _key: key },
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await call(`/approvals/assets/${id}`, {
          login: await leader(),
          form: { decision: 'approved', comment: '同意，按时归还', _key: key },
        })
      ).status,
    ).toBe(409);
    const decided = (await rowsOf('借用登记')).find((l) => l['借用单号'] === id)!;
    expect(decided).toMatchObject({ 状态: '已批准', 批准人: personWith('leader', 0).name, 审批意见: '同意，按时归还' });
    expect(typeof decided['审批时间']).toBe('number');
    expect((await rowsOf('审批记录')).filter((r) => r['单号'] === id)).toMatchObject([
      { 结果: '同意', 审批人: personWith('leader', 0).name },
    ]);
    expect(await (await call('/assets/loans', { login: who })).text()).toContain(`/assets/loans/${id}/hand-over`);

    const lent = await call(`/assets/loans/${id}/hand-over`, { login: await login(personWith('staff')), form: {} });
    expect(lent.status).toBe(303);
    expect((await rowsOf('借用登记')).find((l) => l['借用单号'] === id)).toMatchObject({ 状态: '已借出' });
    expect((await rowsOf('资产')).find((a) => a['资产编号'] === tag)?.['状态']).toBe('借出');
    const overdue = await (await call('/assets/loans?overdue=1', { login: who })).text();
    expect(overdue).toContain(`/assets/loans/${id}/return`);
    const desk = await (await call('/', { login: who })).text();
    expect(desk).toMatch(/\d+ 件借用物品逾期未还/);
    const ret = await call(`/assets/loans/${id}/return`, {
      login: who,
      form: { returnedOn: today, condition: 'damaged', notes: '镜头划伤' },
    });
    expect(ret.status).toBe(303);
    const twice = await call(`/assets/loans/${id}/return`, { login: who, form: { returnedOn: today, condition: 'good' } });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('不能重复归还');
    expect((await rowsOf('借用登记')).find((l) => l['借用单号'] === id)).toMatchObject({ 归还状况: '损坏' });
    const events = (await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag);
    expect(events.map((e) => e['变动类型'])).toEqual(['登记', '批准借用', '借出', '归还', '损坏']);
    expect(events[1]).toMatchObject({ 关联单号: id, 经办人: personWith('leader', 0).name });
    expect((await rowsOf('资产')).find((a) => a['资产编号'] === tag)?.['状态']).toBe('损坏');
    const page = await (await call(`/assets/${tag}`, { login: who })).text();
    expect(page).toContain('同意借给 赵老师：同意，按时归还');
  });

  it('a leader refuses with a reason; the asset stays, its history says so, and it can be requested again', {
    timeout: 60_000,
  }, async () => {
    const who = await head();
    const tag = await register(who, marker('相机'), '总务库房', 'it');
    expect((await call(`/assets/${tag}/lend`, { login: who, form: { borrower: '周老师', lentOn: today, due: daysFrom(3) } })).status).toBe(
      303,
    );
    const id = String((await rowsOf('借用登记')).find((l) => l['资产编号'] === tag)!['借用单号']);
    const vp = await leader(1);
    const noReason = await call(`/approvals/assets/${id}`, { login: vp, form: { decision: 'rejected', comment: '', _key: formKey() } });
    expect(noReason.status).toBe(422);
    expect(
      (
        await call(`/approvals/assets/${id}`, {
          login: vp,
          form: { decision: 'rejected', comment: '期末考试周设备不外借', _key: formKey() },
        })
      ).status,
    ).toBe(303);
    expect((await rowsOf('借用登记')).find((l) => l['借用单号'] === id)).toMatchObject({
      状态: '不同意',
      批准人: personWith('leader', 1).name,
      审批意见: '期末考试周设备不外借',
    });
    expect((await call(`/assets/loans/${id}/hand-over`, { login: who, form: {} })).status).toBe(409);
    expect((await rowsOf('资产')).find((a) => a['资产编号'] === tag)?.['状态']).toBe('在用');
    const events = (await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag);
    expect(events.map((e) => e['变动类型'])).toEqual(['登记', '不同意借用']);
    expect(await (await call('/assets/loans', { login: who })).text()).toContain('期末考试周设备不外借');
    expect((await call(`/assets/${tag}/lend`, { login: who, form: { borrower: '周老师', lentOn: today, due: daysFrom(3) } })).status).toBe(
      303,
    );
  });

  it('records two returns sent at the same moment once', { timeout: 60_000 }, async () => {
    const who = await head();
    const tag = await register(who, marker('话筒'), '总务库房', 'it');
    const loanId = await approvedLoan(who, tag, { borrower: '孙老师', lentOn: today, due: daysFrom(30) });
    expect((await call(`/assets/loans/${loanId}/hand-over`, { login: who, form: {} })).status).toBe(303);
    const [a, b] = await Promise.all([
      call(`/assets/loans/${loanId}/return`, { login: who, form: { returnedOn: today, condition: 'good' } }),
      call(`/assets/loans/${loanId}/return`, { login: await login(personWith('staff')), form: { returnedOn: today, condition: 'good' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const events = (await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag && e['变动类型'] === '归还');
    expect(events).toHaveLength(1);
  });
});

describe('write-off', () => {
  it('is requested, decided by a leader with one tap in the approval inbox, then applied', async () => {
    const who = await head();
    const tag = await register(who, marker('旧柜'));
    expect((await call(`/assets/${tag}/write-off`, { login: who, form: { reason: '柜门变形，无法修复' } })).status).toBe(303);
    const page = await (await call('/assets/write-offs', { login: who })).text();
    expect(page).toContain(tag);
    expect(page).not.toContain('/decision');
    // The page tells the reader where the decision is made now, not the old by-hand rule.
    expect(page).toContain('校领导在「审批」页同意或不同意');
    expect(page).not.toContain('只读');
    const id = String((await rowsOf('报废申请')).find((r) => r['资产编号'] === tag)!['申请单号']);
    expect((await call(`/assets/write-offs/${id}/apply`, { login: who, form: {} })).status).toBe(409);
    // The head no longer records a leader's decision: a write-off is for leadership to decide.
    expect((await call(`/approvals/assets/${id}`, { login: who, form: { decision: 'approved' } })).status).toBe(403);
    const leader = personWith('leader');
    const inbox = await (await call('/approvals', { login: await login(leader) })).text();
    expect(inbox).toContain(`/approvals/assets/${id}`);
    expect(
      (await call(`/approvals/assets/${id}`, { login: await login(leader), form: { decision: 'approved', comment: '同意报废' } })).status,
    ).toBe(303);
    expect(
      (
        await call(`/approvals/assets/${id}`, {
          login: await login(personWith('leader', 1)),
          form: { decision: 'rejected', comment: '再想想' },
        })
      ).status,
    ).toBe(409);
    // Among the recent decisions, linked to the write-offs page (a loan's to the loans page).
    expect(await (await call('/approvals', { login: await login(leader) })).text()).toContain(
      `<a href="/assets/write-offs"><b>${id}</b></a>`,
    );
    expect((await call(`/assets/write-offs/${id}/apply`, { login: who, form: {} })).status).toBe(303);
    const row = (await rowsOf('报废申请')).find((r) => r['申请单号'] === id);
    expect(row).toMatchObject({ 状态: '已报废', 审批领导: leader.name, 登记人: leader.name });
    expect(typeof row!['审批日期']).toBe('number');
    expect((await rowsOf('资产')).find((a) => a['资产编号'] === tag)?.['状态']).toBe('已报废');
    expect((await rowsOf('资产变动记录')).filter((e) => e['资产编号'] === tag).map((e) => e['变动类型'])).toEqual([
      '登记',
      '申请报废',
      '批准报废',
      '报废',
    ]);
    expect((await rowsOf('审批记录')).filter((r) => r['单号'] === id)).toMatchObject([
      { 结果: '同意', 审批人: leader.name, 意见: '同意报废' },
    ]);
  });
});

describe('class property', () => {
  it('a class head acknowledges and checks their own class, never another', async () => {
    const own = personWith('class_head');
    const who = await login(own);
    const page = await call(`/assets/classes/${encodeURIComponent(own.unit)}`, { login: who });
    expect(page.status).toBe(200);
    expect((await call(`/assets/classes/${encodeURIComponent(own.unit)}/acknowledge`, { login: who, form: {} })).status).toBe(303);
    const others = personWith('class_head', 1);
    expect((await call(`/assets/classes/${encodeURIComponent(others.unit)}/acknowledge`, { login: who, form: {} })).status).toBe(403);
    const bad = await call(`/assets/classes/${encodeURIComponent(own.unit)}/check`, {
      login: who,
      form: { kind: 'midterm', charged: 'abc' },
    });
    expect(bad.status).toBe(422);
    expect(
      (
        await call(`/assets/classes/${encodeURIComponent(own.unit)}/check`, {
          login: who,
          form: { kind: 'midterm', charged: '30', payer: '李同学' },
        })
      ).status,
    ).toBe(303);
    const results = await (await call('/assets/classes', { login: await login(personWith('leader')) })).text();
    expect(results).toContain(own.unit);
    const checks = (await rowsOf('班级财产检查')).filter((r) => r['班级'] === own.unit);
    expect(checks.map((r) => r['类型'])).toEqual(expect.arrayContaining(['学期初签收', '期中检查']));
  });
});

describe('stocktake', () => {
  it('counts a room: found, missing, wrong room, unknown code refused, surplus; closing saves the reconciliation', async () => {
    const who = await head();
    const here = await register(who, marker('门禁卡机'), '校门', 'it');
    const elsewhere = await register(who, marker('对讲机'), '门卫室', 'it');
    const open = await call('/assets/stocktakes', { login: who, form: { name: marker('盘点'), rooms: '校门' } });
    expect(open.status).toBe(303);
    const id = open.headers.get('Location')!.split('/').pop()!;
    const roomPage = await (await call(`/assets/stocktakes/${id}`, { login: who })).text();
    const roomPath = /\/assets\/stocktakes\/[^/]+\/rooms\/([^"]+)"/.exec(roomPage)![1]!;
    const base = `/assets/stocktakes/${id}/rooms/${roomPath}`;
    const list = await (await call(base, { login: who })).text();
    const expectedTags = [...list.matchAll(/name="tag" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(expectedTags).toContain(here);
    // Tick everything found except our own item, which stays unticked (missing at closing).
    for (const tag of expectedTags.filter((t) => t !== here)) {
      expect((await call(`${base}/tick`, { login: who, htmx: true, form: { tag, result: 'found' } })).status).toBe(200);
    }
    const wrong = await call(`${base}/scan`, { login: who, htmx: true, form: { code: `https://portal.test/assets/${elsewhere}` } });
    expect(await wrong.text()).toContain('已记为错位');
    const unknown = await call(`${base}/scan`, { login: who, htmx: true, form: { code: 'ZZ-9999' } });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('未找到编号为「ZZ-9999」的资产，没有记录');
    await call(`${base}/surplus`, { login: who, htmx: true, form: { name: '无标签折叠椅' } });
    expect((await call(`/assets/stocktakes/${id}/close`, { login: who, form: {} })).status).toBe(303);
    const expected = expectedTags.length;
    const row = (await rowsOf('盘点')).find((r) => r['盘点单号'] === id);
    expect(row).toMatchObject({
      状态: '已结束',
      帐面数: expected,
      实盘数: expected - 1,
      盘亏数: 1,
      盘盈数: 1,
      错位数: 1,
      帐物相符率: Math.round(((expected - 1) / expected) * 1000) / 10,
    });
    const lines = (await rowsOf('盘点明细')).filter((l) => l['盘点单号'] === id);
    expect(lines.some((l) => l['资产编号'] === 'ZZ-9999')).toBe(false);
    const report = await (await call(`/assets/stocktakes/${id}`, { login: who })).text();
    expect(report).toContain(here);
    expect((await call(`${base}/tick`, { login: who, form: { tag: here, result: 'found' } })).status).toBe(409);
  });
});

describe('labels and bad data', () => {
  it('prints QR labels chosen by room, with tag, name and school', async () => {
    const html = await (await call(`/assets/labels?room=${encodeURIComponent('门卫室')}`, { login: await head() })).text();
    expect(html).toMatch(/class="label-sheet labels-\d+"/);
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="[A-Z]{2}-\d{4}"/);
    expect(html).toContain('class="label-tag"');
    expect(html).toContain('监控硬盘录像机');
  });

  it('opens a scanned label whatever the case of the tag', async () => {
    const res = await call('/assets/jj-0001', { login: await head() });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe('/assets/JJ-0001');
  });
});
