/**
 * What the store's pages show, found by trying them as the school would (the tryout of issue
 * #16): quantities with their units, a stock total row as wide as the table, the approval
 * inbox's refusal at the card that was tapped with an urgent request's reason, the term-start
 * pack page saying what it issued and recomputing for the chosen classes without writing.
 */
import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../src/core/time.js';
import { call, login, personWith, sheetValues, synced } from './auth-helpers.js';

const head = () => login(personWith('head'));
const keeper = () => login(personWith('staff', 2));
const teacher = () => login(personWith('teacher', 3));
const vpLogistics = () => login(personWith('leader', 1));

let keyN = 0;
const formKey = () => `pages-key-${Date.now().toString(36)}-${keyN++}`;
const idFrom = (res: Response) => decodeURIComponent(/\/stores\/requests\/([^?]+)/.exec(res.headers.get('Location') ?? '')![1]!);

/** The cells of a table row, by their tags. */
const cells = (row: string) => [...row.matchAll(/<(td|th)\b/g)].length;

describe('the approval inbox', () => {
  it('shows an urgent request’s reason, and a refusal at the card that was tapped', { timeout: 30_000 }, async () => {
    const t = await teacher();
    const res = await call('/stores/requests', {
      login: t,
      form: {
        purpose: '公开课用电池',
        neededBy: addDays(localDate(), 1),
        urgent: '1',
        urgentReason: '下周一区级公开课，电池已用完',
        item_1: 'WP005',
        qty_1: '30', // ¥720: the vice-principal in charge of logistics decides
        _key: formKey(),
      },
    });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const vp = await vpLogistics();
    const inbox = await (await call('/approvals', { login: vp })).text();
    const card = new RegExp(`<article class="approval-card" id="ap-${id}">[\\s\\S]*?</article>`).exec(inbox)![0];
    expect(card).toContain('加急');
    expect(card).toContain('下周一区级公开课，电池已用完');
    // The form comes back to its own card (the page scrolls there), not to the top of a long inbox.
    expect(card).toContain(`action="/approvals/stores/${id}#ap-${id}"`);

    const refused = await call(`/approvals/stores/${encodeURIComponent(id)}`, {
      login: vp,
      form: { decision: 'rejected', comment: '', _key: formKey() },
    });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    const tapped = new RegExp(`<article class="approval-card" id="ap-${id}">[\\s\\S]*?</article>`).exec(page)![0];
    expect(tapped).toMatch(/role="alert" id="ap-error-[^"]+">不同意时请写明意见/);
    expect(tapped).toMatch(/<textarea[^>]*aria-invalid="true" aria-describedby="ap-error-/);
    // Said once, there: not again at the top of the inbox, nor on the other cards.
    expect(page.match(/不同意时请写明意见/g)).toHaveLength(1);
  });
});

describe('quantities with their units', () => {
  it('on the stock page (minimum too), whose total row has one cell per column', async () => {
    const html = await (await call('/stores/stock', { login: await head() })).text();
    const header = /<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(html)![1]!;
    const total = /<tfoot><tr>([\s\S]*?)<\/tr><\/tfoot>/.exec(html)![1]!;
    // Phones hide columns by position: the total row must have the same columns, or it sticks out by one.
    expect(cells(total)).toBe(cells(header));
    const chalk = /data-item="WP001">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(chalk).toMatch(/class="num">\d+ 盒<\/td>/); // 最低库存 40 盒, not a bare 40
  });

  it('on a receipt and on the request it received against (accepted and rejected)', { timeout: 30_000 }, async () => {
    const t = await teacher();
    const id = idFrom(
      await call('/stores/requests', {
        login: t,
        form: { purpose: '板书用笔', neededBy: addDays(localDate(), 9), item_1: 'WP003', qty_1: '4', _key: formKey() },
      }),
    );
    expect(
      (
        await call(`/approvals/stores/${encodeURIComponent(id)}`, {
          login: await head(),
          form: { decision: 'approved', comment: '', _key: formKey() },
        })
      ).status,
    ).toBe(303);
    const k = await keeper();
    const form = await (await call(`/stores/requests/${id}/receive`, { login: k })).text();
    const line = /name="accept_([^"]+)"/.exec(form)![1]!;
    const received = await call(`/stores/requests/${id}/receive`, {
      login: k,
      form: {
        [`accept_${line}`]: '3',
        [`reject_${line}`]: '1',
        [`reason_${line}`]: '笔芯干涸',
        handler: '韩永刚',
        acceptor: k.person.name,
        _key: formKey(),
      },
    });
    expect(received.status).toBe(303);
    const receipt = await (await call(received.headers.get('Location')!, { login: k })).text();
    expect(receipt).toMatch(/class="num">3 盒<\/td><td class="num">1 盒<\/td>/);
    const request = await (await call(`/stores/requests/${id}`, { login: t })).text();
    expect(request).toMatch(/class="num">3 盒<br><span class="muted">拒收数量 1 盒<\/span><\/td>/);
    // Issued to the teacher: the slip under the request and on her stores page says how many of what.
    const issued = await call('/stores/issue', {
      login: k,
      form: { receiver: t.person.name, request: id, item_0: 'WP003', quantity_0: '2', _key: formKey() },
    });
    expect(issued.status).toBe(303);
    // The receiver, on the slip with its 签收 button, is told she may tap it (not only sign on paper).
    const slipPage = await (await call(issued.headers.get('Location')!.split('?')[0]!, { login: t })).text();
    expect(slipPage).toContain('领用人在手机上点「签收」');
    expect(slipPage).toMatch(/<button[^>]*>签收<\/button>/);
    expect(await (await call(`/stores/requests/${id}`, { login: t })).text()).toContain('白板笔 × 2 盒');
    expect(await (await call('/stores', { login: t })).text()).toContain('白板笔 × 2 盒');
    // The receipt listed under the request: no empty supplier between two dots.
    expect(request).toMatch(/\d{4}-\d\d-\d\d · ¥54\.00/);
  });
});

describe('term-start packs', () => {
  it('says how many slips were issued, and recomputes for the chosen classes without writing', { timeout: 30_000 }, async () => {
    const k = await keeper();
    expect(await (await call('/stores/packs?done=2', { login: k })).text()).toContain('已开出 2 张领用单');
    const all = await (await call('/stores/packs', { login: k })).text();
    const classes = [...all.matchAll(/name="classes" value="([^"]+)"/g)].map((m) => m[1]!);
    // A pick list by default for each class that has not taken the pack this term (other tests may have issued some).
    const waiting = all.match(/name="classes" value="[^"]+" checked/g) ?? [];
    expect(waiting.length).toBeGreaterThan(0);
    expect(all.match(/class="st-print st-pick"/g)).toHaveLength(waiting.length);

    await synced();
    const before = (await sheetValues('领用单')).length;
    const res = await call('/stores/packs', {
      login: k,
      form: { _key: formKey(), pack: '开学班级套餐', preview: '1', classes: classes.slice(0, 2) },
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    // The two chosen classes' pick lists only (what gets printed), and what two classes need: 2 × 3 boxes of chalk.
    expect(page.match(/class="st-print st-pick"/g)).toHaveLength(2);
    expect(page).toMatch(/<td class="num">3 盒<\/td><td class="num">6 盒<\/td>/);
    expect(page.match(/name="classes" value="[^"]+" checked/g)).toHaveLength(2);
    await synced();
    expect((await sheetValues('领用单')).length).toBe(before);
  });
});

describe('a leader’s store page', () => {
  it('has no “my requests” (a leader requests nothing)', async () => {
    const html = await (await call('/stores', { login: await vpLogistics() })).text();
    expect(html).not.toContain('我的请购');
    expect(await (await call('/stores', { login: await teacher() })).text()).toContain('我的请购');
  });
});

describe('the desk', () => {
  it('counts the requests to receive as the stores page lists them (partly received ones too)', async () => {
    const h = await head();
    const [desk, stores] = await Promise.all([(await call('/', { login: h })).text(), (await call('/stores', { login: h })).text()]);
    const listed = /<h2>待验收入库<\/h2>\s*<ul class="st-list">([\s\S]*?)<\/ul>/.exec(stores)![1]!.match(/<li>/g)!.length;
    expect(stores).toContain('部分到货'); // the demo school has a partly received request
    expect(desk).toContain(`库房：${listed} 张请购单待验收入库`);
  });
});

describe('the storekeeper’s desk', () => {
  it('shows the keeper (who issues and accepts) what is below minimum and to receive; not a carpenter', async () => {
    // Staff desks list their own duties, not the office's alerts: the keeper's store work is hers.
    const desk = await (await call('/', { login: await keeper() })).text();
    expect(desk).toMatch(/库房：\d+ 种物品低于最低库存/);
    expect(desk).toMatch(/库房：\d+ 张请购单待验收入库/);
    const carpenter = await (await call('/', { login: await login(personWith('staff', 1)) })).text();
    expect(carpenter).not.toContain('低于最低库存');
  });
});
