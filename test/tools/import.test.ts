/**
 * `npm run import` on registers as schools keep them — generated here: an .xlsx with a
 * merged title row above the header, blank rows, a totals row, Excel and Chinese dates,
 * full-width digits, alias headers; a GBK-encoded CSV from Excel on a Chinese PC; a CSV
 * whose headers need a mapping file — into a staff-ordered spreadsheet in the emulator.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/import/cli.js';
import { captureIo, toolEnv, writesIn, type ToolEnv } from './helpers.js';

let env: ToolEnv;
let id: string;

// Staff's own column order, an extra column of theirs in the middle, three existing assets.
const assetHeader = [
  '资产编号',
  '名称',
  '经费来源',
  '类别',
  '状态',
  '存放地点',
  '责任人',
  '购置日期',
  '单价',
  '资产类型',
  '来源',
  '备注',
  '更新时间',
  '更新人',
];
const auditHeader = ['编号', '时间', '操作人', '操作', '表', '行编号', '修改前', '修改后'];

beforeAll(async () => {
  env = await toolEnv();
  id = await env.emu.importSpreadsheet({
    title: '育才 后勤',
    owner: env.schoolEmail,
    editors: [env.portalKey.client_email],
    sheets: [
      {
        title: '资产',
        rows: [
          assetHeader,
          ['JJ-0041', '书柜', '生均经费', '家具', '在用', '教师办公室', '王老师', 45000, 800],
          ['JJ-0042', '讲台', '', '家具', '在用', '101教室', '张老师', 45000, 600],
          ['DQ-0007', '饮水机', '', '电器', '在用', '一楼走廊', '', 45100, 1500],
        ],
      },
      {
        title: '人员',
        rows: [
          ['编号', '姓名', '角色', '班级/部门', '电话', '启用', '备注', '邮箱'],
          ['P001', '王主任', '后勤主任', '总务处', '13800138000', true],
          ['P009', '周师傅', '后勤人员', '总务处', '13800138009', true],
        ],
      },
      { title: '场所', rows: [['编号', '名称', '楼栋', '楼层', '类型', '班级', '责任人', '备注']] },
      { title: '操作日志', rows: [auditHeader] },
    ],
  });
});
afterAll(async () => env.close());

/** The register as a school has it (exceljs writes a real .xlsx with merges and date cells). */
async function messyRegister(path: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2025学年');
  ws.getCell('A1').value = '育才实验学校固定资产登记册（2025学年）';
  ws.mergeCells('A1:J1');
  ws.getCell('A2').value = '填表日期：2026年3月1日';
  ws.mergeCells('A2:E2');
  ws.getCell('H2').value = '单位：元';
  const rows: unknown[][] = [
    [], // row 3: blank, above the header
    ['序号', '资产编号', '物品名称', '分类', '存放位置', '保管人', '购置日期', '单价(元)', '使用状态', '备注'],
    [1, 'JJ-0101', '课桌', '家具', '101教室', '张老师', new Date(Date.UTC(2025, 8, 1)), 320, '在用', ''],
    [2, '', '椅子', '课桌椅', '101教室', '张老师', '2025年9月1日', '１２８０', '正常', '=HYPERLINK("x")'],
    [],
    [3, '', '投影仪', '教学设备', '多媒体教室', '李老师', '２０２４年３月５日', '¥4,500.00', '维修', ''],
    [4, 'JJ-0042', '讲台', '家具', '102教室', '', '', 600, '在用', ''],
    [5, 'JJ-0101', '课桌', '家具', '102教室', '', '', 320, '在用', '重复'],
    [6, '', '电风扇', '电器', '102教室', '', '明天', 100, '在用', ''],
    [7, 'ＤＱ－０１００', '空调', '电器', '校长室', '', 46086, '3,200', '在用', ''],
    ['合 计', '', '', '', '', '', '', 9300, '', ''],
    ['制表人：王主任'],
  ];
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(3 + i, 1 + j).value = v as ExcelJS.CellValue)));
  ws.getCell('G5').numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(path);
}

const importArgs = (file: string, ...more: string[]) => [
  file,
  ...more,
  '--spreadsheet',
  id,
  '--api',
  env.emu.url,
  '--key',
  env.portalKeyFile,
];

async function run(args: string[]) {
  const r = captureIo();
  const code = await main(args, {}, r.io);
  return { code, ...r };
}

function sheetObjects(title: string) {
  const [header, ...rows] = env.emu.sheetValues(id, title).values as unknown[][];
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i] ?? ''])));
}

describe('an Excel register with a title above the header, blank and totals rows, Chinese dates, full-width digits', () => {
  let file: string;
  beforeAll(async () => {
    file = join(env.dir, '固定资产登记册.xlsx');
    await messyRegister(file);
  });

  it('--dry-run shows the mapping, the rows and every skipped row with its reason, and writes nothing', async () => {
    env.emu.resetLog();
    const r = await run(importArgs(file, '--into', '资产', '--dry-run'));
    expect(r.errors()).toBe('');
    expect(r.code).toBe(0);
    expect(writesIn(env.emu)).toEqual([]);
    const text = r.text();
    expect(text).toContain('表头在第 4 行');
    expect(text).toContain('B「资产编号」 → 资产编号（Tag）');
    expect(text).toContain('C「物品名称」 → 名称（Name） [别名 alias]');
    expect(text).toContain('H「单价(元)」 → 单价（Price） [别名 alias]');
    expect(text).toContain('A「序号」 不导入：不认识此列');
    expect(text).toContain('将写入 4 行（其中 2 行自动分配编号），跳过 6 行。');
    expect(text).toContain('第 7 行：空行');
    expect(text).toContain('第 9 行：表格中已有编号 JJ-0042（不重复导入）');
    expect(text).toContain('第 10 行：编号 JJ-0101 与文件第 5 行重复');
    expect(text).toContain('第 11 行：G11 "购置日期"无法识别');
    expect(text).toContain('第 13 行：合计行');
    expect(text).toContain('第 14 行：导入的列中没有内容');
    expect(text).toContain('row 11: G11 Acquired: not a date');
    expect(text).toContain('试运行：没有写入任何内容');
  });

  it('writes RAW values into the columns their headers name, with tags continuing per category, and audit rows', async () => {
    env.emu.resetLog();
    const r = await run(importArgs(file, '--into', '资产', '--by', '王主任', '--yes'));
    expect(r.errors()).toBe('');
    expect(r.code).toBe(0);
    // Reads, then one append of the rows and one of their audit rows.
    expect(writesIn(env.emu).map((e) => e.kind)).toEqual(['values.append', 'values.append']);
    const rows = sheetObjects('资产');
    expect(rows.map((x) => x['资产编号'])).toEqual(['JJ-0041', 'JJ-0042', 'DQ-0007', 'JJ-0101', 'JJ-0102', 'JX-0001', 'DQ-0100']);
    const [desk, chair, projector, aircon] = rows.slice(3);
    expect(desk).toMatchObject({
      名称: '课桌',
      类别: '家具',
      状态: '在用',
      存放地点: '101教室',
      责任人: '张老师',
      购置日期: 45901,
      单价: 320,
      经费来源: '',
      更新人: '王主任',
    });
    // Alias values became the zh labels; a full-width price and a Chinese date became numbers.
    expect(chair).toMatchObject({ 名称: '椅子', 类别: '家具', 状态: '在用', 购置日期: 45901, 单价: 1280 });
    // Formula-like text from a register stays text (RAW).
    expect(chair!['备注']).toBe('=HYPERLINK("x")');
    expect(projector).toMatchObject({ 名称: '投影仪', 类别: '教学设备', 状态: '维修中', 购置日期: 45356, 单价: 4500 });
    expect(aircon).toMatchObject({ 名称: '空调', 购置日期: 46086, 单价: 3200 });
    expect(typeof desk!['更新时间']).toBe('number');
    const audit = sheetObjects('操作日志');
    expect(audit.map((a) => a['行编号'])).toEqual(['JJ-0101', 'JJ-0102', 'JX-0001', 'DQ-0100']);
    expect(audit[0]).toMatchObject({ 操作人: '王主任', 操作: 'assets.import', 表: '资产', 修改前: '' });
    expect(JSON.parse(String(audit[1]!['修改后']))).toMatchObject({
      tag: 'JJ-0102',
      name: '椅子',
      category: 'furniture',
      price: 1280,
      acquired: '2025-09-01',
    });
    expect(r.text()).toContain('已写入 4 行到「资产」');
  });

  it('running the same import again writes nothing: tagged rows by ID, untagged rows by content', async () => {
    env.emu.resetLog();
    const r = await run(importArgs(file, '--into', '资产', '--yes'));
    expect(r.code).toBe(0);
    expect(writesIn(env.emu)).toEqual([]);
    expect(r.text()).toContain('将写入 0 行');
    expect(r.text()).toContain('与表格中的 JJ-0102 内容相同：视为已导入');
    expect(sheetObjects('资产')).toHaveLength(7);
  });
});

/** GBK bytes for a text, from the inverse of Node's (full ICU) GBK decoder. */
function gbk(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else
      out.push(
        ...(table.get(ch) ??
          (() => {
            throw new Error(`no GBK for ${ch}`);
          })()),
      );
  }
  return new Uint8Array(out);
}

describe('a GBK-encoded CSV saved by Excel on a Chinese PC', () => {
  it('is decoded, and people without a number get the next ones (P010 → P011, P012)', async () => {
    const csv = [
      '教职工名单,,,,,',
      '工号,姓名,角色,部门,手机,在职',
      'P010,赵师傅,后勤人员,总务处,13900139000,是',
      ',钱老师,班主任,初一(2)班,13900139001,是',
      '',
      ',孙校长,校长,校办,13900139002,是',
      '合计,3人,,,,',
    ].join('\r\n');
    const file = join(env.dir, '教职工.csv');
    writeFileSync(file, gbk(csv));
    const r = await run(importArgs(file, '--into', '人员', '--yes'));
    expect(r.errors()).toBe('');
    expect(r.text()).toContain('CSV (gbk)');
    const people = sheetObjects('人员');
    expect(people.slice(2)).toEqual([
      expect.objectContaining({ 编号: 'P010', 姓名: '赵师傅', 角色: '后勤人员', '班级/部门': '总务处', 电话: '13900139000', 启用: true }),
      expect.objectContaining({ 编号: 'P011', 姓名: '钱老师', 角色: '班主任', '班级/部门': '初一(2)班' }),
      expect.objectContaining({ 编号: 'P012', 姓名: '孙校长', 角色: '校领导' }),
    ]);
  });
});

describe('headers the schema does not know, with a mapping file and a default', () => {
  it('maps them, leaves out the ones mapped to null, and fills a required column from --default', async () => {
    const file = join(env.dir, 'rooms.csv');
    writeFileSync(file, '\ufeff序号,门牌,名字,所在楼,层\n1,A101,初一(1)班教室,教学楼A,1\n2,A102,初一(2)班教室,教学楼A,１\n');
    const map = join(env.dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 门牌: '编号', 名字: 'name', 所在楼: '楼栋', 层: 'Floor', 序号: null }));
    const r = await run(importArgs(file, '--into', 'rooms', '--map', map, '--default', '类型=教室', '--yes'));
    expect(r.errors()).toBe('');
    expect(r.text()).toContain('B「门牌」 → 编号（ID） [映射 map]');
    expect(r.text()).toContain('A「序号」 不导入 / left out (map)');
    expect(sheetObjects('场所')).toEqual([
      expect.objectContaining({ 编号: 'A101', 名称: '初一(1)班教室', 楼栋: '教学楼A', 楼层: 1, 类型: '教室' }),
      expect.objectContaining({ 编号: 'A102', 名称: '初一(2)班教室', 楼层: 1, 类型: '教室' }),
    ]);
  });
});

describe('bad input: a message that says what to do next, and nothing written', () => {
  async function refused(args: string[]) {
    env.emu.resetLog();
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(writesIn(env.emu)).toEqual([]);
    return r.errors();
  }

  it('a file in an unknown format', async () => {
    const pdf = join(env.dir, '登记册.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const msg = await refused(importArgs(pdf, '--into', '资产'));
    expect(msg).toContain('不支持的文件类型".pdf"');
    expect(msg).toContain('另存为" Excel 工作簿（.xlsx）或 CSV');
    expect(msg).toContain('Save as');
    const xls = join(env.dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(await refused(importArgs(xls, '--into', '资产'))).toContain('Excel 97-2003（.xls）');
    const fake = join(env.dir, 'fake.xlsx');
    writeFileSync(fake, 'name,tag\n');
    expect(await refused(importArgs(fake, '--into', '资产'))).toContain('内容不是 Excel 工作簿');
    expect(env.emu.log()).toEqual([]); // the file is judged before Google is asked anything
  });

  it('a header row that cannot be matched: lists the expected headers and suggests --map', async () => {
    const file = join(env.dir, 'odd.csv');
    writeFileSync(file, '物品,存放处,价钱\n椅子,101,20\n');
    const msg = await refused(importArgs(file, '--into', '资产'));
    expect(msg).toContain('找不到「资产」的表头行');
    expect(msg).toContain('--map map.json');
    expect(msg).toContain('1: 物品 | 存放处 | 价钱');
    expect(msg).toContain('No header row');
  });

  it('a required column missing from the header: suggests adding it or --default', async () => {
    const file = join(env.dir, 'nostatus.csv');
    writeFileSync(file, '名称,类别\n椅子,家具\n');
    const msg = await refused(importArgs(file, '--into', '资产'));
    expect(msg).toContain('缺少必填列：状态');
    expect(msg).toContain('--default 状态=在用');
  });

  it('an unknown tab, and the audit log', async () => {
    const file = join(env.dir, 'rooms.csv');
    expect(await refused(importArgs(file, '--into', '仓库台帐'))).toContain('没有名为「仓库台帐」的工作表');
    expect(await refused(importArgs(file, '--into', '操作日志'))).toContain('操作日志不能导入');
  });

  it('a spreadsheet not shared with the service account', async () => {
    const other = await env.emu.importSpreadsheet({
      title: '别的学校',
      owner: env.schoolEmail,
      sheets: [{ title: '资产', rows: [assetHeader] }],
    });
    const file = join(env.dir, 'rooms.csv');
    env.emu.resetLog();
    const r = await run([
      file,
      '--into',
      '场所',
      '--map',
      join(env.dir, 'map.json'),
      '--default',
      '类型=教室',
      '--spreadsheet',
      other,
      '--api',
      env.emu.url,
      '--key',
      env.portalKeyFile,
    ]);
    expect(r.code).toBe(1);
    expect(r.errors()).toContain(`添加 ${env.portalKey.client_email} 为"编辑者"`);
    expect(writesIn(env.emu)).toEqual([]);
  });
});
