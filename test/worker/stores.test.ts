/**
 * Stores and purchasing inside workerd against the emulator (the demo school's store): a
 * teacher's request → the tier that must approve it (and only that tier or a higher one) in the
 * approval inbox → receipt against the request (partial, rejects, a free-text line joining the
 * catalogue) → issue with the receiver's tap → return → stock derived from the movements;
 * old-for-new; bad input; leaders writing exactly a decision and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { HTTPException } from 'hono/http-exception';
import { guardData } from '../../src/core/auth/middleware.js';
import type { SchoolData } from '../../src/core/data/types.js';
import { addDays, localDate } from '../../src/core/time.js';
import { call, data, login, marker, personWith, sheetValues, staffEdit, synced } from './auth-helpers.js';

const head = () => login(personWith('head'));
const keeper = () => login(personWith('staff', 2));
const teacher = () => login(personWith('teacher', 3));
const principal = () => login(personWith('leader', 0));
const vpLogistics = () => login(personWith('leader', 1));
const vpTeaching = () => login(personWith('leader', 2));

async function rowsOf(title: string): Promise<Array<Record<string, unknown>>> {
  await synced();
  const [header, ...rows] = await sheetValues(title);
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
}

const inDays = (n: number) => addDays(localDate(), n);
let keyN = 0;
const formKey = () => `test-key-${Date.now().toString(36)}-${keyN++}`;

/** A request as the form sends it; returns the response. */
function request(who: Awaited<ReturnType<typeof teacher>>, fields: Record<string, string>) {
  return call('/stores/requests', {
    login: who,
    form: { purpose: '实验课用品', department: '理化生组', neededBy: inDays(10), _key: formKey(), ...fields },
  });
}

const idFrom = (res: Response) => decodeURIComponent(/\/stores\/requests\/([^?]+)/.exec(res.headers.get('Location') ?? '')![1]!);

async function decide(who: Awaited<ReturnType<typeof teacher>>, id: string, decision: string, comment = '', key = formKey()) {
  return call(`/approvals/stores/${encodeURIComponent(id)}`, { login: who, form: { decision, comment, _key: key } });
}

/** Stock on hand of an item as the stock page shows it. */
async function onHand(itemId: string): Promise<number> {
  const html = await (await call('/stores/stock', { login: await head() })).text();
  const row = new RegExp(`data-item="${itemId}"[\\s\\S]*?class="num st-onhand">(-?[\\d.]+)`).exec(html);
  return Number(row![1]);
}

describe('the chain: request → approve by value → receive → issue → sign → return', () => {
  it('runs end to end, each step attributed, stock following the movements', { timeout: 60_000 }, async () => {
    const t = await teacher();
    const free = marker('烧杯');
    const res = await request(t, { item_1: 'WP005', qty_1: '20', name_2: free, spec_2: '500ml', unit_2: '个', qty_2: '10', price_2: '12' });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const page = await (await call(`/stores/requests/${id}`, { login: t })).text();
    expect(page).toContain('待审批');
    expect(page).toContain('600.00');
    const row = (await rowsOf('请购单')).find((r) => r['单号'] === id)!;
    expect(row).toMatchObject({ 状态: '待审批', 预计金额: 600, 申请人: personWith('teacher', 3).name });
    expect(String(row['审批级别'])).toContain('分管后勤副校长');
    expect((await rowsOf('请购明细')).filter((r) => r['请购单号'] === id)).toHaveLength(2);

    // ¥600 is for the vice-principal in charge of logistics: not the head, not the other vice-principal.
    const inboxForOther = await (await call('/approvals', { login: await vpTeaching() })).text();
    expect(inboxForOther).toContain(id);
    expect(inboxForOther).not.toContain(`/approvals/stores/${id}`);
    expect((await decide(await vpTeaching(), id, 'approved')).status).toBe(403);
    expect((await decide(await head(), id, 'approved')).status).toBe(403);
    // Not approving needs a reason; a receipt before approval is refused.
    const vp = await vpLogistics();
    const noReason = await decide(vp, id, 'rejected', '');
    expect(noReason.status).toBe(422);
    // Said beside the card it is about, not at the top of the inbox.
    const refused = await noReason.text();
    expect(refused).toMatch(new RegExp(`id="ap-${id}"(?:(?!</article>)[\\s\\S])*不同意时请写明意见`));
    expect(refused).not.toContain('<p class="error-summary" role="alert">不同意时请写明意见');
    // A comment refused as too long comes back in its box, as typed.
    const long = `${marker('意见')}${'很'.repeat(300)}`;
    const tooLong = await decide(vp, id, 'approved', long);
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain(`>${long.slice(0, 301)}</textarea>`);
    expect((await call(`/stores/requests/${id}/receive`, { login: await keeper() })).status).toBe(409);

    const inbox = await (await call('/approvals', { login: vp })).text();
    expect(inbox).toContain(`/approvals/stores/${id}`);
    const key = formKey();
    expect((await decide(vp, id, 'approved', '同意，尽快采购', key)).status).toBe(303);
    // The same tap sent again is recorded once.
    expect([303, 409]).toContain((await decide(vp, id, 'approved', '同意，尽快采购', key)).status);
    expect((await decide(await principal(), id, 'rejected', '晚了')).status).toBe(409);
    // Among the recent decisions, linked to the request.
    expect(await (await call('/approvals', { login: vp })).text()).toContain(`<a href="/stores/requests/${id}"><b>${id}</b></a>`);
    expect((await rowsOf('请购单')).find((r) => r['单号'] === id)).toMatchObject({
      状态: '已批准',
      审批人: personWith('leader', 1).name,
      审批意见: '同意，尽快采购',
    });
    const log = (await rowsOf('审批记录')).filter((r) => r['单号'] === id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ 结果: '同意', 审批人: personWith('leader', 1).name, 金额: 600 });
    const audit = (await rowsOf('操作日志')).filter((r) => r['行编号'] === id && r['操作'] === 'approval.stores.approved');
    expect(audit.map((r) => r['操作人'])).toEqual([`${personWith('leader', 1).name} (${personWith('leader', 1).id})`]);
    expect(await (await call(`/stores/requests/${id}`, { login: t })).text()).toContain('同意，尽快采购');

    // Partial delivery: 12 of 20 reams accepted, 2 rejected (damaged); the beakers in full.
    const k = await keeper();
    const before = await onHand('WP005');
    const lines = (await rowsOf('请购明细')).filter((r) => r['请购单号'] === id);
    const paper = String(lines.find((l) => l['物品编号'] === 'WP005')!['编号']);
    const beaker = String(lines.find((l) => l['名称'] === free)!['编号']);
    const over = await call(`/stores/requests/${id}/receive`, {
      login: k,
      form: { _key: formKey(), handler: '张采购', acceptor: k.person.name, [`accept_${paper}`]: '21', [`accept_${beaker}`]: '10' },
    });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('超过未到数量');
    const noReasonReject = await call(`/stores/requests/${id}/receive`, {
      login: k,
      form: { _key: formKey(), handler: '张采购', acceptor: k.person.name, [`accept_${paper}`]: '12', [`reject_${paper}`]: '2' },
    });
    expect(await noReasonReject.text()).toContain('拒收须写明原因');
    const first = await call(`/stores/requests/${id}/receive`, {
      login: k,
      form: {
        _key: formKey(),
        handler: '张采购',
        acceptor: k.person.name,
        approver: personWith('leader', 1).name,
        supplier: '育才文具批发部',
        invoice: '04418899',
        [`accept_${paper}`]: '12',
        [`reject_${paper}`]: '2',
        [`reason_${paper}`]: '包装破损',
        [`price_${paper}`]: '23.5',
        [`accept_${beaker}`]: '10',
      },
    });
    expect(first.status).toBe(303);
    const receiptId = decodeURIComponent(/\/stores\/receipts\/([^?]+)/.exec(first.headers.get('Location')!)![1]!);
    const slip = await (await call(`/stores/receipts/${receiptId}`, { login: k })).text();
    for (const text of ['经手人', '验收人', '审批人', '张采购', '包装破损', '04418899', '<th>拒收数量</th>']) expect(slip).toContain(text);
    expect((await rowsOf('请购单')).find((r) => r['单号'] === id)!['状态']).toBe('部分到货');
    // 报销: the invoice paid back, marked on every line of the receipt; never in the future.
    expect(slip).toContain('未报销');
    expect((await call(`/stores/receipts/${receiptId}/reimbursed`, { login: k, form: { _key: formKey(), date: inDays(3) } })).status).toBe(
      422,
    );
    expect((await call(`/stores/receipts/${receiptId}/reimbursed`, { login: t, form: { _key: formKey() } })).status).toBe(403);
    expect(
      (await call(`/stores/receipts/${receiptId}/reimbursed`, { login: k, form: { _key: formKey(), date: localDate() } })).status,
    ).toBe(303);
    expect((await rowsOf('入库单')).filter((r) => r['入库单号'] === receiptId).every((r) => typeof r['报销日期'] === 'number')).toBe(true);
    expect(await (await call(`/stores/receipts/${receiptId}`, { login: k })).text()).toContain(`已于 ${localDate()} 报销`);
    expect(await onHand('WP005')).toBe(before + 12);
    // The free-text line joined the catalogue and has its stock.
    const newItem = (await rowsOf('物品目录')).find((r) => r['名称'] === free)!;
    expect(newItem).toBeDefined();
    expect(await onHand(String(newItem['编号']))).toBe(10);
    const moves = (await rowsOf('出入库记录')).filter((r) => r['单号'] === receiptId);
    expect(moves.map((m) => m['变动数量']).sort()).toEqual([10, 12]);

    // The rest arrives: received in full.
    expect(
      (
        await call(`/stores/requests/${id}/receive`, {
          login: k,
          form: { _key: formKey(), handler: '张采购', acceptor: k.person.name, [`accept_${paper}`]: '8' },
        })
      ).status,
    ).toBe(303);
    expect((await rowsOf('请购单')).find((r) => r['单号'] === id)!['状态']).toBe('已入库');

    // The teacher collects everything on the request on one slip: the keeper issues, the teacher taps to sign; nobody else can.
    const newId = String(newItem['编号']);
    const form = await (await call(`/stores/issue?request=${id}`, { login: k })).text();
    expect(form).toMatch(/name="item_0"[\s\S]*?value="WP005" selected/);
    expect(form).toMatch(new RegExp(`name="item_1"[\\s\\S]*?value="${newId}" selected`));
    expect((await call('/stores/issue', { login: t, form: { item_0: 'WP005', quantity_0: '5', receiver: t.person.name } })).status).toBe(
      403,
    );
    const issueKey = formKey();
    const issueForm = {
      _key: issueKey,
      item_0: 'WP005',
      quantity_0: '5',
      item_1: newId,
      quantity_1: '3',
      receiver: t.person.name,
      department: '理化生组',
      request: id,
    };
    const issued = await call('/stores/issue', { login: k, form: issueForm });
    expect(issued.status).toBe(303);
    const issueId = decodeURIComponent(/\/stores\/issues\/([^?]+)/.exec(issued.headers.get('Location')!)![1]!);
    // A double tap records the slip once.
    expect((await call('/stores/issue', { login: k, form: issueForm })).status).toBe(303);
    expect(await onHand('WP005')).toBe(before + 20 - 5);
    expect(await onHand(newId)).toBe(10 - 3);
    const slipRows = (await rowsOf('领用单')).filter((r) => r['领用单号'] === issueId);
    expect(slipRows.map((r) => [r['物品编号'], r['数量']])).toEqual([
      ['WP005', 5],
      [newId, 3],
    ]);
    expect(
      (await rowsOf('出入库记录'))
        .filter((r) => r['单号'] === issueId)
        .map((m) => m['变动数量'])
        .sort(),
    ).toEqual([-3, -5]);
    const printed = await (await call(`/stores/issues/${issueId}`, { login: k })).text();
    expect(printed).toContain(free);
    expect(printed.match(/领用人签字/g)).toHaveLength(1);
    expect((await call(`/stores/issues/${issueId}/sign`, { login: await head(), form: { _key: formKey() } })).status).toBe(403);
    expect(await (await call('/stores', { login: t })).text()).toContain(`/stores/issues/${issueId}`);
    expect((await call(`/stores/issues/${issueId}/sign`, { login: t, form: { _key: formKey() } })).status).toBe(303);
    const signed = (await rowsOf('领用单')).filter((r) => r['领用单号'] === issueId);
    expect(signed[0]).toMatchObject({ 领用人: t.person.name, 数量: 5, 发放人: k.person.name });
    expect(signed.every((r) => typeof r['签收时间'] === 'number')).toBe(true);
    // The request lists that slip once, by its number, with both lines (not one entry per line, LY-…-1, LY-…-2).
    const requestPage = await (await call(`/stores/requests/${id}`, { login: t })).text();
    expect(requestPage.match(/href="\/stores\/issues\/[^"]+"/g)).toEqual([`href="/stores/issues/${issueId}"`]);
    expect(requestPage).toContain(`${free} × 3`);

    // Two reams come back unused on a return slip, taken back from the issue slip: its link opens the return form filled in.
    const slipPage = await (await call(`/stores/issues/${issueId}`, { login: k })).text();
    expect(slipPage).toContain(`href="/stores/return?issue=${issueId}"`);
    const returnForm = await (await call(`/stores/return?issue=${issueId}`, { login: k })).text();
    expect(returnForm).toMatch(/name="item_0"[\s\S]*?value="WP005" selected/);
    expect(returnForm).toMatch(/name="quantity_0" value="5"/);
    expect(returnForm).toContain(`value="${t.person.name}"`);
    expect(await (await call(`/stores/issues/${issueId}`, { login: t })).text()).not.toContain('/stores/return');
    const back = await call('/stores/return', {
      login: k,
      form: { _key: formKey(), item_0: 'WP005', quantity_0: '2', returner: t.person.name, reason: '多领未用', issue: issueId },
    });
    expect(back.status).toBe(303);
    expect(await onHand('WP005')).toBe(before + 20 - 5 + 2);
    const tooMany = await call('/stores/return', {
      login: k,
      form: { _key: formKey(), item_0: 'WP005', quantity_0: '4', returner: t.person.name, issue: issueId },
    });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain(`领用单 ${issueId} 上的A4复印纸最多还能退 3`);
  });
});

describe('return slips (退还单): several lines on one slip', () => {
  const issueId = (res: Response) => decodeURIComponent(/\/stores\/issues\/([^?]+)/.exec(res.headers.get('Location')!)![1]!);
  const returnId = (res: Response) => decodeURIComponent(/\/stores\/returns\/([^?]+)/.exec(res.headers.get('Location')!)![1]!);
  const selected = (html: string) => [...html.matchAll(/value="(WP\d+)" selected/g)].map((m) => m[1]);

  it('takes back 2 brooms and 1 bin on one slip, once; one wrong line refuses them all', { timeout: 60_000 }, async () => {
    const k = await keeper();
    const ch = personWith('class_head', 5);
    const issued = await call('/stores/issue', {
      login: k,
      form: {
        _key: formKey(),
        receiver: ch.name,
        department: '初一(6)班',
        ...{ item_0: 'WP011', quantity_0: '3', oldItem_0: 'returned' },
        ...{ item_1: 'WP014', quantity_1: '1', oldItem_1: 'returned' },
        ...{ item_2: 'WP015', quantity_2: '2' },
      },
    });
    expect(issued.status).toBe(303);
    const ly = issueId(issued);
    const before = { broom: await onHand('WP011'), bin: await onHand('WP014'), bags: await onHand('WP015') };

    // From the issue slip: a line per item with what can still come back.
    const filled = await (await call(`/stores/return?issue=${ly}`, { login: k })).text();
    expect(selected(filled)).toEqual(['WP011', 'WP014', 'WP015']);
    expect(filled).toMatch(/name="quantity_0" value="3"/);
    expect(filled).toContain('最多 3把');
    expect(filled).toContain(`value="${ch.name}"`);

    // One line too many, one item not on the slip, one without an item: all refused, each beside its line, naming the slip and the item.
    const bad = {
      _key: formKey(),
      returner: ch.name,
      issue: ly,
      ...{ item_0: 'WP011', quantity_0: '2' },
      ...{ item_1: 'WP014', quantity_1: '2' },
      ...{ item_2: 'WP001', quantity_2: '1' },
      ...{ item_3: '', quantity_3: '1' },
    };
    const refused = await call('/stores/return', { login: k, form: bad });
    expect(refused.status).toBe(422);
    const text = await refused.text();
    expect(text).toContain(`领用单 ${ly} 上的垃圾桶最多还能退 1个`);
    expect(text).toContain(`领用单 ${ly} 上没有领无尘粉笔`);
    expect(text).toContain('请选择退还的物品');
    expect(text).not.toContain(`${ly}-`);
    expect(text).toMatch(/name="quantity_0" value="2"/);
    const en = await (await call('/stores/return?lang=en', { login: k, form: { ...bad, _key: formKey() } })).text();
    expect(en).toContain(`At most 1 个 of 垃圾桶 can still be returned on issue slip ${ly}`);
    expect(en).toContain(`Issue slip ${ly} has no 无尘粉笔 on it`);
    expect(await onHand('WP011')).toBe(before.broom);
    expect((await rowsOf('退还单')).some((r) => r['领用单号'] === ly)).toBe(false);

    // The right lines, with hostile text, submitted twice: one slip of two rows, two movements.
    const reason = `=HYPERLINK("http://evil.example","x")<script>alert(1)</script>`;
    const form = {
      _key: formKey(),
      returner: ch.name,
      department: '初一(6)班',
      reason,
      issue: ly,
      ...{ item_0: 'WP011', quantity_0: '2' },
      ...{ item_1: 'WP014', quantity_1: '1' },
      ...{ item_2: '', quantity_2: '' },
    };
    const first = await call('/stores/return', { login: k, form });
    expect(first.status).toBe(303);
    const th = returnId(first);
    const again = await call('/stores/return', { login: k, form });
    expect(again.status).toBe(303);
    expect(await (await call(`/stores/returns/${returnId(again)}`, { login: k })).text()).toContain(`退还单：${th}<`);
    const rows = (await rowsOf('退还单')).filter((r) => r['领用单号'] === ly);
    expect(rows.map((r) => [r['单号'], r['退还单号'], r['物品编号'], r['数量'], r['原因'], r['收回人']])).toEqual([
      [`${th}-1`, th, 'WP011', 2, reason, k.person.name],
      [`${th}-2`, th, 'WP014', 1, reason, k.person.name],
    ]);
    expect((await sheetValues('退还单', 'FORMULA')).flat()).toContain(reason);
    const moves = (await rowsOf('出入库记录')).filter((r) => r['单号'] === th);
    expect(moves.map((m) => [m['物品编号'], m['变动数量']])).toEqual([
      ['WP011', 2],
      ['WP014', 1],
    ]);
    expect(await onHand('WP011')).toBe(before.broom + 2);
    expect(await onHand('WP014')).toBe(before.bin + 1);
    expect(await onHand('WP015')).toBe(before.bags);

    // The slip prints with both lines and two signature lines; the issue slip lists it; the text stays text.
    const page = await (await call(`/stores/returns/${th}`, { login: k })).text();
    expect(page).toMatch(/扫帚[\s\S]*2 把[\s\S]*垃圾桶[\s\S]*1 个/);
    expect(page).toContain('退还人签字');
    expect(page).toContain(`经手人签字：${k.person.name}`);
    expect(page).toContain(`href="/stores/issues/${ly}"`);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;');
    // Listed with the catalogue's units, on the issue slip and among the recent return slips.
    expect(await (await call(`/stores/issues/${ly}`, { login: k })).text()).toMatch(
      new RegExp(`href="/stores/returns/${th}"[\\s\\S]*?扫帚 × 2 把 · 垃圾桶 × 1 个`),
    );
    expect(await (await call('/stores/return', { login: k })).text()).toMatch(
      new RegExp(`href="/stores/returns/${th}"[\\s\\S]*?扫帚 × 2 把 · 垃圾桶 × 1 个`),
    );

    // What is still out: 1 broom and the bags; the bin is all back. Once everything is back, the slip offers no return.
    const rest = await (await call(`/stores/return?issue=${ly}`, { login: k })).text();
    expect(selected(rest)).toEqual(['WP011', 'WP015']);
    expect(rest).toMatch(/name="quantity_0" value="1"/);
    const all = { _key: formKey(), returner: ch.name, issue: ly, item_0: 'WP011', quantity_0: '1', item_1: 'WP015', quantity_1: '2' };
    expect((await call('/stores/return', { login: k, form: all })).status).toBe(303);
    expect(await (await call(`/stores/issues/${ly}`, { login: k })).text()).not.toContain('/stores/return?issue=');
  });

  it('reads a return written before slips had lines: one row, its own slip, naming a row of the issue slip', async () => {
    const old = (await rowsOf('退还单')).find((r) => String(r['单号']).endsWith('-DEMO1'))!;
    expect(old['退还单号']).toBeFalsy();
    const ly = String(old['领用单号']);
    const page = await (await call(`/stores/returns/${String(old['单号'])}`, { login: await keeper() })).text();
    expect(page).toMatch(/备课本[\s\S]*4 本/);
    expect(page).toContain(`href="/stores/issues/${ly}"`);
    expect(await (await call(`/stores/issues/${ly}`, { login: await keeper() })).text()).toContain(
      `href="/stores/returns/${String(old['单号'])}"`,
    );
    // Ten were issued on it, four came back: six can still come back.
    const form = await (await call(`/stores/return?issue=${ly}`, { login: await keeper() })).text();
    expect(selected(form)).toEqual(['WP007']);
    expect(form).toMatch(/name="quantity_0" value="6"/);
    // The demo's slip of two lines, against the electrician's slip of two: what is left of it comes back on the form.
    const th = String((await rowsOf('退还单')).find((r) => String(r['退还单号']).endsWith('-DEMO2'))!['退还单号']);
    const two = await (await call(`/stores/returns/${th}`, { login: await keeper() })).text();
    expect(two).toMatch(/LED灯管[\s\S]*3 根[\s\S]*开关面板[\s\S]*1 个/);
    const relamp = /href="\/stores\/issues\/([^"]+)"/.exec(two)![1]!;
    const rest = await (await call(`/stores/return?issue=${relamp}`, { login: await keeper() })).text();
    expect(selected(rest)).toEqual(['WP019', 'WP020']);
    expect(rest).toMatch(/name="quantity_0" value="11"[\s\S]*name="quantity_1" value="3"/);
  });
});

describe('fixed assets received go into the asset register', () => {
  it('registers each chair with its own tag and a 入库 event, not as stock; the same receipt again registers nothing', {
    timeout: 60_000,
  }, async () => {
    const k = await keeper();
    const id = idFrom(await request(await teacher(), { purpose: marker('办公椅'), item_1: 'WP026', qty_1: '3' }));
    expect((await decide(await principal(), id, 'approved')).status).toBe(303);
    const line = String((await rowsOf('请购明细')).find((r) => r['请购单号'] === id)!['编号']);
    const assetsBefore = (await rowsOf('资产')).length;
    const half = await call(`/stores/requests/${id}/receive`, {
      login: k,
      form: { _key: formKey(), handler: '张采购', acceptor: k.person.name, [`accept_${line}`]: '1.5' },
    });
    expect(half.status).toBe(422);
    expect(await half.text()).toContain('固定资产一件一卡');
    // One chair arrives first (the receipt submitted twice: the second lands on the first), two later (submitted again once the request is complete).
    const form = {
      _key: formKey(),
      handler: '张采购',
      acceptor: k.person.name,
      supplier: '城东家具厂',
      [`accept_${line}`]: '1',
      [`price_${line}`]: '255',
    };
    const first = await call(`/stores/requests/${id}/receive`, { login: k, form });
    expect(first.status).toBe(303);
    const receiptId = decodeURIComponent(/\/stores\/receipts\/([^?]+)/.exec(first.headers.get('Location')!)![1]!);
    expect((await call(`/stores/requests/${id}/receive`, { login: k, form })).status).toBe(303);
    expect((await rowsOf('资产')).length).toBe(assetsBefore + 1);
    const rest = { ...form, _key: formKey(), [`accept_${line}`]: '2' };
    expect((await call(`/stores/requests/${id}/receive`, { login: k, form: rest })).status).toBe(303);
    expect((await call(`/stores/requests/${id}/receive`, { login: k, form: rest })).status).toBe(409);

    const added = (await rowsOf('资产')).slice(assetsBefore);
    expect(added).toHaveLength(3);
    const tags = added.map((r) => String(r['资产编号']));
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^JJ-\d{4}$/);
    expect(
      added.every(
        (r) => r['名称'] === '办公椅' && r['类别'] === '家具' && r['资产类型'] === '固定资产' && r['状态'] === '闲置' && r['单价'] === 255,
      ),
    ).toBe(true);
    const events = (await rowsOf('资产变动记录')).filter((e) => String(e['说明']).includes(id));
    expect(events.map((e) => e['资产编号']).sort()).toEqual([...tags].sort());
    expect(events.filter((e) => e['关联单号'] === receiptId)).toHaveLength(1);
    expect(
      events.every(
        (e) => e['变动类型'] === '入库' && String(e['说明']).includes(`入库单 ${String(e['关联单号'])}`) && e['经办人'] === k.person.name,
      ),
    ).toBe(true);
    // Straight into the register: no stock of chairs, the receipt lists the tags, the asset page shows the event.
    expect(await (await call('/stores/stock', { login: k })).text()).not.toContain('data-item="WP026"');
    expect((await rowsOf('出入库记录')).some((m) => m['单号'] === receiptId)).toBe(false);
    const receipt = await (await call(`/stores/receipts/${receiptId}`, { login: k })).text();
    expect(receipt).toContain(`/assets/${tags[0]}`);
    // Nothing rejected: no empty rejected and reason columns (a phone has no room for them).
    expect(receipt).not.toContain('拒收');
    expect(await (await call(`/assets/${tags[0]}`, { login: await head() })).text()).toContain(`入库单 ${receiptId}`);
  });
});

describe('approval tiers', () => {
  it('a small request is the head’s; a large one the principal’s, not a vice-principal’s', async () => {
    const t = await teacher();
    const small = idFrom(await request(t, { item_1: 'WP001', qty_1: '10' }));
    const large = idFrom(await request(t, { item_1: 'WP005', qty_1: '300' }));
    expect((await decide(await vpLogistics(), large, 'approved')).status).toBe(403);
    expect((await decide(await principal(), large, 'rejected', '预算不足，下学期再议')).status).toBe(303);
    expect((await decide(await head(), small, 'approved')).status).toBe(303);
    const rows = await rowsOf('请购单');
    expect(rows.find((r) => r['单号'] === large)).toMatchObject({
      状态: '不同意',
      审批人: personWith('leader', 0).name,
      审批意见: '预算不足，下学期再议',
    });
    expect(rows.find((r) => r['单号'] === small)).toMatchObject({ 状态: '已批准', 审批人: personWith('head').name });
  });
});

describe('a decision is checked again when it is written', () => {
  it('decided in the sheet first: the tap is parked whole, the sheet keeps the staff’s decision, the leader is told', {
    timeout: 60_000,
  }, async () => {
    const t = await teacher();
    const id = idFrom(await request(t, { item_1: 'WP001', qty_1: '2' }));
    const rows = await rowsOf('请购单');
    const [header] = await sheetValues('请购单');
    const at = rows.findIndex((r) => r['单号'] === id) + 2;
    const col = (name: string) => String.fromCharCode(65 + (header as string[]).indexOf(name));
    const h = await head();
    // The head's inbox was read just now (cached); then someone types the decision straight into the sheet.
    expect(await (await call('/approvals', { login: h })).text()).toContain(`/approvals/stores/${id}`);
    await staffEdit({
      data: [
        { range: `'请购单'!${col('状态')}${at}`, values: [['不同意']] },
        { range: `'请购单'!${col('审批人')}${at}`, values: [['王副校长']] },
      ],
      valueInputOption: 'RAW',
    });
    // The tap is taken on the cached rows (no read of Google), then checked on the flush's fresh read.
    expect((await decide(h, id, 'approved')).status).toBe(303);
    const after = await rowsOf('请购单');
    expect(after.find((r) => r['单号'] === id)).toMatchObject({ 状态: '不同意', 审批人: '王副校长' });
    expect((await rowsOf('审批记录')).filter((r) => r['单号'] === id)).toEqual([]);
    const parked = (await data().conflicts()).filter((w) => w.rowId === id || w.values.subject === id);
    expect(parked.map((w) => [w.tab, w.reason?.zh])).toEqual([
      ['approvals', `${id} 的「状态」已是「不同意」，这项写入没有执行（有人先处理了）`],
      ['purchaseRequests', `${id} 的「状态」已是「不同意」，这项写入没有执行（有人先处理了）`],
    ]);
    const inbox = await (await call('/approvals', { login: h })).text();
    expect(inbox).toContain(`你对 ${id} 的审批没有记录：${id} 的「状态」已是「不同意」`);
    for (const w of parked) await data().discard(w.writeId, { id: 'P004', name: 'test' });
  });
});

describe('old for new (以旧换新)', () => {
  it('refuses a durable item without the old one, or a write-off without a reason', async () => {
    const k = await keeper();
    const receiver = personWith('class_head', 4).name;
    const without = await call('/stores/issue', { login: k, form: { _key: formKey(), item_0: 'WP011', quantity_0: '1', receiver } });
    expect(without.status).toBe(422);
    expect(await without.text()).toContain('实行以旧换新');
    const noReason = await call('/stores/issue', {
      login: k,
      form: { _key: formKey(), item_0: 'WP011', quantity_0: '1', receiver, oldItem_0: 'written_off' },
    });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('旧件报损须写明原因');
    const before = await onHand('WP011');
    const ids: string[] = [];
    for (const form of [
      { oldItem_0: 'written_off', oldReason_0: '旧扫帚折断' },
      { oldItem_0: 'returned', oldReason_0: '' },
    ]) {
      const res = await call('/stores/issue', { login: k, form: { _key: formKey(), item_0: 'WP011', quantity_0: '1', receiver, ...form } });
      expect(res.status).toBe(303);
      ids.push(decodeURIComponent(/\/stores\/issues\/([^?]+)/.exec(res.headers.get('Location')!)![1]!));
    }
    expect(await onHand('WP011')).toBe(before - 2);
    const rows = (await rowsOf('领用单')).filter((r) => ids.includes(String(r['领用单号'])));
    expect(rows.map((r) => [r['旧件处理'], r['旧件说明']])).toEqual([
      ['旧件报损', '旧扫帚折断'],
      ['已交旧', ''],
    ]);
  });

  it('refuses to issue more than is in stock', async () => {
    const res = await call('/stores/issue', {
      login: await keeper(),
      form: { _key: formKey(), item_0: 'WP023', quantity_0: '500', receiver: '某老师' },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('库存不足');
  });
  it('issues the last of an item once when the form is sent twice (the second finds its slip, not “not enough”)', async () => {
    const k = await keeper();
    const left = await onHand('WP025');
    expect(left).toBeGreaterThan(0);
    const form = { _key: formKey(), item_0: 'WP025', quantity_0: String(left), receiver: '某老师' };
    const first = await call('/stores/issue', { login: k, form });
    const again = await call('/stores/issue', { login: k, form });
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    const slip = decodeURIComponent(/\/stores\/issues\/([^?]+)/.exec(first.headers.get('Location') ?? '')![1]!);
    expect((await rowsOf('领用单')).filter((r) => r['领用单号'] === slip)).toHaveLength(1);
    expect(await onHand('WP025')).toBe(0);
  });
});

describe('store stocktake (帐物相符)', () => {
  it('records each difference as one 盘点调整 movement; refuses an unreadable count and writes nothing', async () => {
    const k = await keeper();
    const sheet = await (await call('/stores/stocktake', { login: k })).text();
    expect(sheet).toContain('count_WP007');
    const bad = await call('/stores/stocktake', { login: k, form: { _key: formKey(), count_WP007: '-2', count_WP013: '很多' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('不是数字');
    const before = { paper: await onHand('WP007'), pan: await onHand('WP013'), caps: await onHand('WP022') };
    const res = await call('/stores/stocktake', {
      login: k,
      form: {
        _key: formKey(),
        note: '期末盘点',
        count_WP007: String(before.paper - 3),
        count_WP013: String(before.pan),
        count_WP022: String(before.caps + 5),
      },
    });
    expect(res.status).toBe(303);
    expect(await onHand('WP007')).toBe(before.paper - 3);
    expect(await onHand('WP013')).toBe(before.pan);
    expect(await onHand('WP022')).toBe(before.caps + 5);
    const adjustments = (await rowsOf('出入库记录')).filter((r) => r['类型'] === '盘点调整' && String(r['单号']).endsWith('期末盘点'));
    expect(adjustments.map((r) => [r['物品编号'], r['变动数量']]).slice(-2)).toEqual([
      ['WP007', -3],
      ['WP022', 5],
    ]);
    expect((await call('/stores/stocktake', { login: await teacher(), form: { count_WP007: '0' } })).status).toBe(403);
  });
});

describe('term-start packs', () => {
  it('issues the kit to chosen classes (old-for-new items left to collect), refuses what stock cannot cover; the class head signs all at once', {
    timeout: 60_000,
  }, async () => {
    const k = await keeper();
    const page = await (await call('/stores/packs', { login: k })).text();
    expect(page).toContain('开学班级套餐');
    expect(page).toContain('凭旧件领取');
    // Twenty classes need 20 boxes of coloured chalk; the store has fewer.
    const all = await (await call('/stores/packs', { login: k })).text();
    const every = [...all.matchAll(/name="classes" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(every.length).toBe(20);
    const body = new URLSearchParams({ _csrf: k.csrf, _key: formKey(), pack: '开学班级套餐' });
    for (const id of every) body.append('classes', id);
    const short = await call('/stores/packs', {
      login: k,
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://portal.test' },
      method: 'POST',
    });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('库存不足');

    const two = every.slice(0, 2);
    const chalk = await onHand('WP001');
    const form = new URLSearchParams({ _csrf: k.csrf, _key: formKey(), pack: '开学班级套餐' });
    for (const id of two) form.append('classes', id);
    const send = () =>
      call('/stores/packs', {
        login: k,
        body: form,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://portal.test' },
        method: 'POST',
      });
    expect((await send()).status).toBe(303);
    expect((await send()).status).toBe(303); // the same form again adds nothing
    expect(await onHand('WP001')).toBe(chalk - 2 * 3);
    const slips = (await rowsOf('领用单')).filter((r) => r['用途'] === '开学班级套餐' && two.includes(String(r['部门'])));
    expect(slips).toHaveLength(2 * 4);
    expect(slips.some((r) => r['物品编号'] === 'WP011')).toBe(false);
    // One slip per class, all its lines on it.
    expect(new Set(slips.map((r) => r['领用单号'])).size).toBe(2);
    // Back on the page, the two classes that took the pack are marked and not chosen again.
    const again = await (await call('/stores/packs', { login: k })).text();
    const today = localDate().slice(5);
    for (const id of two) expect(again).toContain(`value="${id}"> ${id} <small class="muted">（${today} 已领）`);
    expect([...again.matchAll(/name="classes" value="[^"]+" checked/g)]).toHaveLength(every.length - 2);

    // The class head of the first class signs for the whole kit with one tap.
    const head = await login(personWith('class_head', 0));
    const mine = slips.filter((r) => r['领用人'] === head.person.name);
    expect(mine.length).toBeGreaterThan(0);
    expect((await call('/stores/issues/sign-all', { login: head, form: { _key: formKey() } })).status).toBe(303);
    const after = (await rowsOf('领用单')).filter((r) => mine.some((m) => m['单号'] === r['单号']));
    expect(after.every((r) => typeof r['签收时间'] === 'number')).toBe(true);
  });
});

describe('bad input', () => {
  it('refuses negative, absurd and unreadable quantities and prices, in the reader’s language, writing nothing', async () => {
    const t = await teacher();
    const purpose = marker('坏数量');
    for (const [qty, message] of [
      ['-3', '数量必须大于 0'],
      ['0', '数量必须大于 0'],
      ['1000000', '数量不能超过 10000'],
      ['三箱', '不是数字'],
      ['1e3', '不是数字'],
    ] as const) {
      const res = await request(t, { purpose, item_1: 'WP001', qty_1: qty });
      expect(res.status, qty).toBe(422);
      expect(await res.text()).toContain(message);
    }
    const price = await request(t, { purpose, name_1: '投影仪', qty_1: '1', price_1: '99999999' });
    expect(await price.text()).toContain('单价不能超过');
    const en = await call('/stores/requests?lang=en', {
      login: t,
      form: { purpose, neededBy: inDays(10), item_1: 'WP001', qty_1: '-1', _key: formKey() },
    });
    expect(await en.text()).toContain('The quantity must be more than 0');
    expect((await rowsOf('请购单')).some((r) => r['用途'] === purpose)).toBe(false);
  });

  it('wants a week’s notice unless urgent with a reason, and reads messy dates', async () => {
    const t = await teacher();
    const soon = await request(t, { item_1: 'WP001', qty_1: '2', neededBy: inDays(3) });
    expect(soon.status).toBe(422);
    expect(await soon.text()).toContain('请购须提前一周');
    const noReason = await request(t, { item_1: 'WP001', qty_1: '2', neededBy: inDays(3), urgent: '1' });
    expect(await noReason.text()).toContain('加急须写明原因');
    expect(
      (await request(t, { item_1: 'WP001', qty_1: '2', neededBy: inDays(3), urgent: '1', urgentReason: '明天区教研活动' })).status,
    ).toBe(303);
    const day = inDays(20);
    const messy = `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
    const ok = await request(t, { item_1: 'WP001', qty_1: '2', neededBy: messy });
    expect(ok.status).toBe(303);
    expect(await (await call(`/stores/requests/${idFrom(ok)}`, { login: t })).text()).toContain(day);
  });

  it('writes formula-like text as text, and records a double-submitted request once', async () => {
    const t = await teacher();
    const purpose = `=HYPERLINK("http://evil.example","${marker('f')}")`;
    const key = formKey();
    const fields = { purpose, item_1: 'WP001', qty_1: '1', name_2: '+cmd|calc', qty_2: '1', _key: key };
    const a = await request(t, fields);
    const b = await request(t, fields);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(idFrom(b)).toBe(idFrom(a));
    const rows = (await rowsOf('请购单')).filter((r) => r['用途'] === purpose);
    expect(rows).toHaveLength(1);
    const formulas = await sheetValues('请购单', 'FORMULA');
    expect(formulas.flat()).toContain(purpose);
    expect((await rowsOf('请购明细')).filter((r) => r['请购单号'] === idFrom(a)).map((r) => r['名称'])).toEqual(['无尘粉笔', '+cmd|calc']);
  });
});

describe('leaders write a decision and nothing else', () => {
  it('refuses a leader every store write', async () => {
    const l = await principal();
    for (const path of ['/stores/requests', '/stores/issue', '/stores/return', '/stores/stock/sheet']) {
      const res = await call(path, {
        login: l,
        form: { _key: formKey(), item_1: 'WP001', qty_1: '1', purpose: 'x', neededBy: inDays(10) },
      });
      expect(res.status, path).toBe(403);
    }
  });

  it('lets the data facade take only the columns and logs a decision writes, and only on an approval route', () => {
    const calls: string[] = [];
    const fake = {
      append: async (tab: string) => (calls.push(`append ${tab}`), { writeId: 'w', rowId: 'r', state: 'saved', duplicate: false }),
      update: async (tab: string) => (calls.push(`update ${tab}`), { writeId: 'w', rowId: 'r', state: 'saved', duplicate: false }),
      nextSequence: async () => 1,
    } as unknown as SchoolData;
    const leader = { id: 'P1', name: '校长', role: 'leader' as const, unit: null };
    const meta = { idempotencyKey: 'k', action: 'a', actor: { id: 'x', name: 'x' } };
    const approving = guardData(
      fake,
      () => leader,
      () => true,
    );
    const reading = guardData(
      fake,
      () => leader,
      () => false,
    );
    expect(() => approving.append('approvals', {}, meta)).not.toThrow();
    expect(() =>
      approving.update('purchaseRequests', 'QG-1', { status: 'approved', approver: '校长', comment: '同意' }, meta),
    ).not.toThrow();
    expect(() =>
      approving.update(
        'assetWriteOffs',
        'BF-1',
        { status: 'approved', approver: '校长', approvedOn: '2026-11-30', recordedBy: '校长' },
        meta,
      ),
    ).not.toThrow();
    expect(() =>
      approving.update(
        'assetLoans',
        'JY-1',
        { status: 'approved', approver: '校长', decidedAt: '2026-11-30T09:00', comment: '同意' },
        meta,
      ),
    ).not.toThrow();
    for (const write of [
      () => approving.update('purchaseRequests', 'QG-1', { status: 'approved', total: 1 }, meta),
      () => approving.append('purchaseRequests', {}, meta),
      () => approving.append('stockMovements', {}, meta),
      () => approving.update('assets', 'JJ-1', { status: 'in_use' }, meta),
      () => approving.update('assets', 'JJ-1', { status: 'lent' }, meta),
      () => approving.update('assetLoans', 'JY-1', { status: 'lent', lentOn: '2026-11-30' }, meta),
      () => approving.update('assetLoans', 'JY-1', { returnedOn: '2026-11-30' }, meta),
      () => approving.append('assetLoans', {}, meta),
      () => reading.append('approvals', {}, meta),
      () => reading.update('purchaseRequests', 'QG-1', { status: 'approved' }, meta),
    ])
      expect(write).toThrow(HTTPException);
    expect(calls).toEqual(['append approvals', 'update purchaseRequests', 'update assetWriteOffs', 'update assetLoans']);
  });
});

describe('desk and summary', () => {
  it('tells the head of items below minimum and leaders of requests waiting for them', async () => {
    const desk = await (await call('/', { login: await head() })).text();
    expect(desk).toMatch(/库房：\d+ 种物品低于最低库存/);
    const lead = await (await call('/', { login: await principal() })).text();
    expect(lead).toMatch(/请购：\d+ 张等待您审批/);
  });
});
