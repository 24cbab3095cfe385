/** Inspections, the class ranking written to the sheet, zones, disinfection, company evaluation and sheet problems. */
import { describe, expect, it } from 'vitest';
import { call, login, personWith } from './auth-helpers.js';
import { reread, sheetRecords, typeRows, zoneId } from './cleaning-helpers.js';

const head = () => login(personWith('head'));

describe('inspections and the class ranking', () => {
  it('scores a zone by deductions, and the inspection changes the ranking; publishing writes it once per class', async () => {
    const zone = zoneId();
    const cls = `评比班${Date.now().toString(36)}`;
    await typeRows('班级', [{ 班级: cls, 年级: '测试' }]);
    await typeRows('卫生责任区', [{ 编号: zone, 区域: `评比区${zone}`, 类型: '教室', 责任方类型: '班级', 责任方: cls }]);
    await reread('zones', 'classes');
    // A week nobody else inspects: 2027-03-01 … 2027-03-07.
    const before = await (await call('/cleaning/ranking?period=week&date=2027-03-03', { login: await head() })).text();
    expect(before).toMatch(new RegExp(`data-class="${cls}"><td class="cl-rank">—</td>`));

    const res = await call('/cleaning/inspections', {
      login: await login(personWith('teacher')),
      form: { zone, date: '2027-03-02', kind: 'spot', d2: '2', d4: '1.5' },
    });
    expect(res.status).toBe(303);
    const [row] = (await sheetRecords('卫生检查')).filter((r) => r['责任区编号'] === zone);
    expect(row).toMatchObject({
      得分: 96.5,
      责任方: cls,
      检查类别: '随机抽查',
      扣分情况: '无纸屑 -2；无蜘蛛网 -1.5',
      检查人: personWith('teacher').name,
    });

    const after = await (await call('/cleaning/ranking?period=week&date=2027-03-03', { login: await head() })).text();
    expect(after).toMatch(
      new RegExp(
        `data-class="${cls}"><td class="cl-rank">1</td><td>${cls.replace(/[()]/g, '\\$&')}</td><td class="cl-avg">96.5</td><td>1</td>`,
      ),
    );

    const publish = async () => call('/cleaning/ranking/publish', { login: await head(), form: { period: 'week', date: '2027-03-03' } });
    expect((await publish()).status).toBe(303);
    expect((await publish()).status).toBe(303);
    const ranked = (await sheetRecords('文明班级评比')).filter((r) => r['班级'] === cls);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ 周期: '周', 平均分: 96.5, 名次: 1, 检查次数: 1, 编号: `RK-W20270301-${cls}` });
  });

  it('refuses a score outside 0–100 and a deduction larger than the item, recording nothing', async () => {
    const l = await head();
    const over = await call('/cleaning/inspections', {
      login: l,
      form: { zone: 'Z001', date: '2027-03-09', score: '120', notes: 'OVER100' },
    });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('得分应为 0 至 100 之间的数字');
    const big = await call('/cleaning/inspections', { login: l, form: { zone: 'Z001', date: '2027-03-09', d0: '30', notes: 'OVER100' } });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('“门窗地面无灰尘”扣分应为 0 至 15 之间的数字');
    const unknown = await call('/cleaning/inspections', { login: l, form: { zone: 'ZNOPE', date: '2027-03-09' } });
    expect(await unknown.text()).toContain('没有编号为 ZNOPE 的责任区');
    expect((await sheetRecords('卫生检查')).filter((r) => r['备注'] === 'OVER100')).toHaveLength(0);
  });

  it('draws random zones for a spot check', async () => {
    const res = await call('/cleaning/inspections/spot?n=3', { login: await head() });
    const html = await res.text();
    expect(html.match(/kind=spot/g)).toHaveLength(3);
  });

  it('does not let a class head score inspections', async () => {
    expect((await call('/cleaning/inspections', { login: await login(personWith('class_head')), form: { zone: 'Z001' } })).status).toBe(
      403,
    );
  });
});

describe('zones', () => {
  it('refuses a zone with no responsible party, then adds one with the next number and prints its QR poster', async () => {
    const name = `新责任区${Date.now().toString(36)}`;
    const bad = await call('/cleaning/zones', { login: await head(), form: { name, partyType: 'class', party: '  ' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('请填写责任方');
    const ok = await call('/cleaning/zones', {
      login: await head(),
      form: { name, building: '教学楼A', type: 'corridor', partyType: 'cleaner', party: '李阿姨', checks: 'twice', disinfect: 'on' },
    });
    expect(ok.status).toBe(303);
    const id = new URL(ok.headers.get('Location')!, 'https://x').searchParams.get('added')!;
    expect(id).toMatch(/^Z\d{3}$/);
    const [row] = (await sheetRecords('卫生责任区')).filter((r) => r['编号'] === id);
    expect(row).toMatchObject({ 区域: name, 责任方: '李阿姨', 打卡要求: '每日两次', 需消毒: true, 启用: true });
    const poster = await (await call(`/cleaning/zones/${id}/poster?size=a5`, { login: await login(personWith('staff')) })).text();
    expect(poster).toContain('cl-poster cl-a5');
    expect(poster).toContain(`/cleaning/c/${id}`);
    expect(poster).toMatch(/src="data:image\/svg\+xml;base64,/);
    expect(poster).toContain('无卫生死角');
  });

  it('lists a zone typed into the sheet without a responsible party on the data-problems page', async () => {
    const id = zoneId();
    await typeRows('卫生责任区', [{ 编号: id, 区域: `无人负责${id}`, 类型: '走廊' }]);
    await reread('zones');
    const html = await (await call('/problems', { login: await head() })).text();
    const at = html.indexOf('卫生责任区');
    expect(at).toBeGreaterThan(-1);
    expect(html).toContain('必填，不能为空');
    const zones = await (await call('/cleaning/zones', { login: await head() })).text();
    expect(zones).toContain(`无人负责${id}`);
    expect(zones).toContain('未填写责任方');
  });
});

describe('disinfection log and company evaluation', () => {
  it('records a disinfection through the register engine: zone by QR, its name looked up, done on the board', async () => {
    const canteen = String((await sheetRecords('卫生责任区')).find((r) => r['类型'] === '食堂')!['编号']);
    // The old page and posters land on the register.
    const old = await call('/cleaning/disinfection', { login: await head() });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/registers/disinfection');
    // A zone's QR fixes the zone and shows its name, not its ID.
    const form = await (await call(`/registers/disinfection/new?zone=${canteen}`, { login: await login(personWith('staff')) })).text();
    expect(form).toContain(`<input type="hidden" name="zone" value="${canteen}"><input id="f-zone" value="食堂（餐厅及后厨）" readonly`);
    expect(form).not.toContain('name="zoneName"');
    expect(form).toContain('<label for="f-zone">责任区 <span class="req">*</span></label>'); // the zone, not its ID column
    const target = `=餐具、餐桌 ${Date.now().toString(36)}`;
    const res = await call('/registers/disinfection', {
      login: await login(personWith('staff')),
      form: { zone: canteen, target, method: 'heat', minutes: '30' },
    });
    expect(res.status).toBe(303);
    const [row] = (await sheetRecords('消毒记录')).filter((r) => r['消毒对象'] === target);
    expect(row).toMatchObject({
      责任区编号: canteen,
      责任区: '食堂（餐厅及后厨）',
      消毒方式: '高温消毒',
      '时长(分钟)': 30,
      消毒人: personWith('staff').name,
    });
    // Written as a date-time serial in school time (UTC+8), now.
    expect(Math.abs(Number(row!['时间']) - (Date.now() / 86_400_000 + 25_569 + 8 / 24))).toBeLessThan(5 / 1440);
    await reread('disinfections');
    const board = await (await call('/cleaning', { login: await head() })).text();
    expect(board).toMatch(new RegExp(`data-zone="${canteen}">[\\s\\S]*?<span class="cl-slot s-done">✓`));
    const list = await (await call('/registers/disinfection', { login: await head() })).text();
    expect(list).toContain('&#x3D;餐具、餐桌');
    // Filters and QR labels name the zone, not its ID.
    expect(list).toContain(`<option value="${canteen}">食堂（餐厅及后厨）</option>`);
    expect(list).not.toContain('责任区编号：');
    const qr = await (await call('/registers/disinfection/qr', { login: await head() })).text();
    expect(qr).toContain(`<h2>食堂（餐厅及后厨）</h2>\n  <p class="muted">责任区编号 ${canteen}</p>`);
    expect(qr).toContain(`/registers/disinfection/new?zone&#x3D;${canteen}`);
  });

  it('refuses a bad disinfection with the reasons, keeping what was typed', async () => {
    const bad = await call('/registers/disinfection', {
      login: await head(),
      form: { zone: '', target: '', method: 'uv', minutes: '-5', concentration: '500mg/L' },
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('请填写&quot;消毒对象&quot;');
    expect(html).toContain('&quot;时长(分钟)&quot;应在 1 至 1440 之间');
    expect(html).toContain('value="500mg/L"');
    const unknown = await call('/registers/disinfection', {
      login: await head(),
      form: { zone: 'NO-SUCH-ZONE', target: '餐具', method: 'uv' },
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('「卫生责任区」表中没有&quot;NO-SUCH-ZONE&quot;');
    const zone = zoneId();
    await typeRows('卫生责任区', [{ 编号: zone, 区域: `停用区${zone}`, 类型: '食堂', 责任方类型: '部门', 责任方: '后勤', 启用: '否' }]);
    await reread('zones');
    const inactive = await call('/registers/disinfection', {
      login: await head(),
      form: { zone: `停用区${zone}`, target: '餐具', method: 'uv' },
    });
    expect(inactive.status).toBe(422);
    expect(await inactive.text()).toContain(`「停用区${zone}」已停用`);
  });

  it('evaluates the cleaning company monthly: parts within their maxima, one row per company and month', async () => {
    const company = `测试保洁公司${Date.now().toString(36)}`;
    const form = {
      month: '2026年10月',
      company,
      quality: '36',
      disinfection: '18',
      attendance: '14',
      attitude: '13',
      records: '9',
      notes: '=1+1',
    };
    const over = await call('/cleaning/evaluations', { login: await head(), form: { ...form, quality: '45' } });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('应为 0 至 40 之间的分数');
    expect((await call('/cleaning/evaluations', { login: await head(), form })).status).toBe(303);
    expect((await call('/cleaning/evaluations', { login: await head(), form: { ...form, records: '5' } })).status).toBe(303);
    const rows = (await sheetRecords('保洁公司考评')).filter((r) => r['保洁公司'] === company);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 月份: '2026-10', 总分: 86, 等级: '良好', 考评意见: '=1+1', 考评人: personWith('head').name });
    expect((await call('/cleaning/evaluations', { login: await login(personWith('staff')), form })).status).toBe(403);
  });

  it("shows the company's check-in rate and inspection average for reference as figures (never 'true')", async () => {
    const html = await (await call('/cleaning/evaluations?month=2026-10', { login: await head() })).text();
    const facts = [...html.matchAll(/参考：打卡完成率 ([^，]*)，检查平均分 ([^<]*)</g)];
    expect(facts.length).toBeGreaterThan(0);
    for (const [, rate, avg] of facts) {
      expect(rate).toMatch(/^(\d+(\.\d)?%|—)$/);
      expect(avg).toMatch(/^(\d+(\.\d)?|—)$/);
    }
    expect(html).toMatch(/<b>[^<]+<\/b> · 2026-10 参考/);
  });
});
