/**
 * The demo school's store (库房): a catalogue of what a school keeps (chalk, brooms, paper,
 * bulbs, mops …, the durable tools issued old for new), the approval tiers (the head under
 * ¥500, the vice-principal in charge of logistics under ¥5,000, the principal above), and
 * two months of paperwork consistent with each other: term-start stock received, requests
 * approved, rejected and waiting, a partial delivery with a reject, issues (signed and not),
 * a return slip — every stock change one row of 出入库记录, the 库存 tab summed from them.
 * Two items (copy paper, LED tubes) end below their minimum. Deterministic: derived from the day.
 */
import type { DemoRecord } from './school.js';

interface Who {
  id: string;
  name: string;
  role: string;
  unit: string;
  job?: string;
}

const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const yyyymmdd = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
const round = (n: number) => Math.round(n * 100) / 100;

// name, spec, unit, category, kind, oldForNew, minStock, price, location
type ItemSpec = [string, string, string, string, 'consumable' | 'durable', boolean, number, number, string];
const ITEMS: readonly ItemSpec[] = [
  ['无尘粉笔', '白色 48支/盒', '盒', '教学用品', 'consumable', false, 40, 6.5, '库房A-1'],
  ['彩色粉笔', '6色 48支/盒', '盒', '教学用品', 'consumable', false, 10, 9, '库房A-1'],
  ['白板笔', '黑色 10支/盒', '盒', '教学用品', 'consumable', false, 10, 18, '库房A-1'],
  ['黑板擦', '海绵', '个', '教学用品', 'durable', true, 10, 4.5, '库房A-1'],
  ['A4复印纸', '70g 500张/包', '包', '办公用品', 'consumable', false, 50, 24, '库房A-2'],
  ['中性笔', '0.5mm 黑色 12支/盒', '盒', '办公用品', 'consumable', false, 10, 15, '库房A-2'],
  ['备课本', '16K', '本', '办公用品', 'consumable', false, 60, 3.5, '库房A-2'],
  ['订书机', '12号', '个', '办公用品', 'durable', true, 3, 22, '库房A-2'],
  ['剪刀', '不锈钢 21cm', '把', '办公用品', 'durable', true, 3, 8, '库房A-2'],
  ['计算器', '12位', '个', '办公用品', 'durable', true, 2, 35, '库房A-2'],
  ['扫帚', '高粱苗', '把', '清洁用品', 'durable', true, 20, 15, '库房B-1'],
  ['拖把', '棉线 1.3m', '把', '清洁用品', 'durable', true, 20, 18, '库房B-1'],
  ['簸箕', '塑料', '个', '清洁用品', 'durable', true, 10, 6, '库房B-1'],
  ['垃圾桶', '15L 带盖', '个', '清洁用品', 'durable', true, 6, 28, '库房B-1'],
  ['垃圾袋', '大号 50只/卷', '卷', '清洁用品', 'consumable', false, 30, 8.5, '库房B-1'],
  ['洗手液', '500ml', '瓶', '清洁用品', 'consumable', false, 30, 12, '库房B-2'],
  ['84消毒液', '500ml', '瓶', '清洁用品', 'consumable', false, 20, 6, '库房B-2'],
  ['抹布', '超细纤维 30×30cm', '条', '清洁用品', 'consumable', false, 40, 2.5, '库房B-2'],
  ['LED灯管', 'T8 1.2m 18W', '根', '维修材料', 'consumable', false, 20, 16, '库房C-1'],
  ['开关面板', '86型 单开', '个', '维修材料', 'consumable', false, 10, 9, '库房C-1'],
  ['水龙头', '4分 铜', '个', '维修材料', 'consumable', false, 6, 45, '库房C-1'],
  ['桌腿脚套', '方管 25×25mm', '个', '维修材料', 'consumable', false, 100, 0.8, '库房C-2'],
  ['螺丝刀套装', '6件套', '套', '维修材料', 'durable', true, 1, 38, '库房C-2'],
  ['篮球', '7号', '个', '体育器材', 'durable', true, 4, 120, '体育器材室'],
  ['跳绳', '计数', '根', '体育器材', 'consumable', false, 20, 12, '体育器材室'],
  ['办公椅', '升降 带扶手', '把', '办公家具', 'durable', false, 0, 260, '库房D-1'],
];
/** Catalogue items that are fixed assets (固定资产类别): received into the asset register, not stock. */
const FIXED: Record<string, string> = { 办公椅: 'furniture' };

export function demoStores(input: { today: number; people: readonly Who[] }): Record<string, DemoRecord[]> {
  const { today, people } = input;
  const job = (j: string) => people.find((p) => p.job === j) ?? people.find((p) => p.role === 'head')!;
  const head = job('head');
  const keeper = job('keeper');
  const principal = job('principal');
  const vp = job('vp_logistics');
  const classHeads = people.filter((p) => p.role === 'class_head');
  const teachers = people.filter((p) => p.role === 'teacher');

  const storeItems: DemoRecord[] = ITEMS.map(([name, spec, unit, category, kind, oldForNew, minStock, price, location], i) => ({
    id: `WP${String(i + 1).padStart(3, '0')}`,
    name,
    spec,
    unit,
    category,
    kind,
    oldForNew,
    minStock,
    price,
    location,
    assetCategory: FIXED[name] ?? '',
    active: true,
    notes: '',
  }));
  const item = (name: string) => storeItems.find((r) => r.name === name)!;
  const approvalTiers: DemoRecord[] = [
    { id: '1', limit: 500, role: 'head', approver: head.name, title: '后勤主任' },
    { id: '2', limit: 5000, role: 'leader', approver: vp.name, title: '分管后勤副校长' },
    { id: '3', limit: '', role: 'leader', approver: principal.name, title: '校长' },
  ];

  const purchaseRequests: DemoRecord[] = [];
  const purchaseLines: DemoRecord[] = [];
  const approvals: DemoRecord[] = [];
  const receipts: DemoRecord[] = [];
  const stockMovements: DemoRecord[] = [];
  const storeIssues: DemoRecord[] = [];
  const storeReturns: DemoRecord[] = [];
  const onHand = new Map<string, number>();
  const move = (
    day: number,
    kind: string,
    itemId: string,
    change: number,
    ref: string,
    person: string,
    department: string,
    price: number | '' = '',
  ) => {
    const it = storeItems.find((r) => r.id === itemId)!;
    onHand.set(itemId, round((onHand.get(itemId) ?? 0) + change));
    stockMovements.push({
      id: `CR-DEMO-${String(stockMovements.length + 1).padStart(4, '0')}`,
      at: at(day, 10, stockMovements.length % 50),
      kind,
      item: itemId,
      name: it.name,
      change,
      price,
      ref,
      person,
      department,
      by: keeper.name,
    });
  };

  type Line = [name: string, quantity: number];
  /** A request, its decision (if any), its receipts (a fraction of each line) and the approvals log. */
  const request = (
    n: number,
    day: number,
    who: Who,
    purpose: string,
    lines: Line[],
    decision: 'approved' | 'rejected' | 'pending',
    decidedBy: Who | null,
    received: number,
    comment = '',
  ) => {
    const id = `QG-${yyyymmdd(day)}-DEMO${n}`;
    let total = 0;
    lines.forEach(([name, quantity], i) => {
      const it = item(name);
      const amount = round(quantity * Number(it.price));
      total = round(total + amount);
      purchaseLines.push({
        id: `${id}-${i + 1}`,
        request: id,
        item: it.id,
        name: it.name,
        spec: it.spec,
        unit: it.unit,
        quantity,
        price: it.price,
        amount,
      });
    });
    const tier = total < 500 ? `后勤主任 ${head.name}` : total < 5000 ? `分管后勤副校长 ${vp.name}` : `校长 ${principal.name}`;
    const decidedAt = decision === 'pending' ? '' : at(day + 1, 9, 20 + n);
    const status =
      decision === 'pending'
        ? 'pending'
        : decision === 'rejected'
          ? 'rejected'
          : received >= 1
            ? 'received'
            : received > 0
              ? 'partial'
              : 'approved';
    purchaseRequests.push({
      id,
      requestedAt: at(day, 8, 10 + n),
      requester: who.name,
      department: who.unit,
      purpose,
      neededBy: day + 10,
      urgent: false,
      urgentReason: '',
      total,
      status,
      tier,
      approver: decidedBy?.name ?? '',
      decidedAt,
      comment,
      notes: '',
    });
    if (decision !== 'pending' && decidedBy) {
      approvals.push({
        id: `SP-DEMO-${n}`,
        at: decidedAt,
        kind: 'stores',
        subject: id,
        summary: `${who.name}：${purpose}`,
        amount: total,
        decision,
        comment,
        by: decidedBy.name,
      });
    }
    if (decision === 'approved' && received > 0) {
      const receipt = `RK-${yyyymmdd(day + 5)}-DEMO${n}`;
      lines.forEach(([name, quantity], i) => {
        const it = item(name);
        const accepted = Math.round(quantity * received);
        const rejected = received < 1 && i === 0 ? 2 : 0;
        receipts.push({
          id: `${receipt}-${i + 1}`,
          receipt,
          date: day + 5,
          request: id,
          line: `${id}-${i + 1}`,
          item: it.id,
          name: it.name,
          quantity: accepted,
          rejected: rejected || '',
          rejectReason: rejected ? '包装破损' : '',
          price: it.price,
          amount: round(accepted * Number(it.price)),
          supplier: n % 2 ? '育才文具批发部' : '城东五金日杂商行',
          invoice: `0441${String(8800 + n * 37)}`,
          handler: head.name,
          acceptor: keeper.name,
          approver: decidedBy?.name ?? '',
        });
        if (accepted) move(day + 5, 'receipt', String(it.id), accepted, receipt, head.name, who.unit, Number(it.price));
      });
    }
    return id;
  };

  // Term start: the office stocks up (received in full).
  const start = today - 45;
  request(
    1,
    start,
    head,
    '开学初补充教学及办公用品',
    [
      ['无尘粉笔', 120],
      ['彩色粉笔', 12],
      ['A4复印纸', 80],
      ['备课本', 120],
      ['中性笔', 20],
      ['白板笔', 12],
    ],
    'approved',
    vp,
    1,
  );
  request(
    2,
    start,
    head,
    '开学初卫生工具配发',
    [
      ['扫帚', 60],
      ['拖把', 30],
      ['簸箕', 20],
      ['垃圾袋', 100],
      ['洗手液', 80],
      ['抹布', 80],
      ['垃圾桶', 8],
    ],
    'approved',
    vp,
    1,
  );
  request(
    3,
    start + 2,
    job('electrician'),
    '教室照明及水电维修备件',
    [
      ['LED灯管', 30],
      ['开关面板', 12],
      ['水龙头', 6],
      ['桌腿脚套', 200],
    ],
    'approved',
    vp,
    1,
  );
  request(
    4,
    start + 3,
    job('pe'),
    '体育课器材补充',
    [
      ['篮球', 10],
      ['跳绳', 40],
    ],
    'approved',
    vp,
    1,
  );
  request(
    5,
    start + 4,
    head,
    '办公室常用工具',
    [
      ['订书机', 6],
      ['剪刀', 6],
      ['计算器', 4],
      ['黑板擦', 30],
      ['螺丝刀套装', 2],
      ['84消毒液', 30],
    ],
    'approved',
    vp,
    1,
  );
  // This month: a partial delivery with a reject, one rejected, one approved to receive, two waiting.
  request(
    6,
    today - 12,
    job('art'),
    '美术课用复印纸和彩色粉笔',
    [
      ['彩色粉笔', 10],
      ['A4复印纸', 14],
    ],
    'approved',
    head,
    0.5,
  );
  request(7, today - 9, job('music'), '音乐课律动用跳绳', [['跳绳', 30]], 'rejected', head, 0, '体育器材室库存足够，请到库房领用');
  request(
    8,
    today - 4,
    classHeads[0] ?? head,
    '班级卫生工具（以旧换新）',
    [
      ['扫帚', 4],
      ['拖把', 4],
    ],
    'approved',
    head,
    0,
  );
  request(
    9,
    today - 2,
    job('pe'),
    '校运动会器材',
    [
      ['篮球', 30],
      ['跳绳', 100],
    ],
    'pending',
    null,
    0,
  );
  request(10, today - 1, job('dean_studies'), '期末考试试卷用纸', [['A4复印纸', 300]], 'pending', null, 0);
  // Fixed assets approved and on their way: received, each chair becomes a row of 资产 (JJ-…).
  request(11, today - 8, job('dean_studies'), '教务处更换办公椅', [['办公椅', 4]], 'approved', vp, 0);

  // Issues over the weeks (each 以旧换新 item against the old one), one return slip.
  const issue = (
    day: number,
    name: string,
    quantity: number,
    who: Who,
    purpose: string,
    signed: boolean,
    old: 'returned' | 'written_off' | 'none' = 'none',
    oldReason = '',
  ) => {
    const it = item(name);
    const id = `LY-${yyyymmdd(day)}-DEMO${storeIssues.length + 1}`;
    storeIssues.push({
      id,
      at: at(day, 14, storeIssues.length),
      item: it.id,
      name: it.name,
      quantity,
      receiver: who.name,
      department: who.unit,
      purpose,
      request: '',
      oldItem: it.oldForNew ? (old === 'none' ? 'returned' : old) : 'none',
      oldReason,
      issuedBy: keeper.name,
      signedAt: signed ? at(day, 14, storeIssues.length + 2) : '',
    });
    move(day, 'issue', String(it.id), -quantity, id, who.name, who.unit);
    return id;
  };
  classHeads.slice(0, 16).forEach((ch, i) => {
    issue(start + 7, '无尘粉笔', 3, ch, '班级教学', true);
    issue(start + 7, '扫帚', 2, ch, '班级卫生', true, i === 3 ? 'written_off' : 'returned', i === 3 ? '旧扫帚丢失' : '');
    issue(start + 7, '垃圾袋', 3, ch, '班级卫生', true);
    if (i < 12) issue(today - 20 + (i % 10), '洗手液', 3, ch, '班级卫生', i % 4 !== 0);
  });
  teachers.slice(0, 8).forEach((tch) => issue(start + 8, '备课本', 4, tch, '备课', true));
  teachers.slice(0, 6).forEach((tch, i) => issue(today - 15 + i, 'A4复印纸', 10, tch, '复印试卷', i !== 2));
  // The electrician's relamping on one 领用单 of two lines (rows sharing 领用单号).
  const relamp = `LY-${yyyymmdd(today - 6)}-DEMOE`;
  for (const id of [
    issue(today - 6, 'LED灯管', 14, job('electrician'), '教学楼A更换灯管', true),
    issue(today - 6, '开关面板', 4, job('electrician'), '教学楼A更换灯管', true),
  ])
    storeIssues.find((r) => r.id === id)!.slip = relamp;
  const back = issue(today - 10, '备课本', 10, job('dean_studies'), '教研组备课', true);
  storeReturns.push({
    id: `TH-${yyyymmdd(today - 3)}-DEMO1`,
    at: at(today - 3, 15, 30),
    item: item('备课本').id,
    name: '备课本',
    quantity: 4,
    returner: job('dean_studies').name,
    department: job('dean_studies').unit,
    reason: '多领未用',
    issue: back,
    receivedBy: keeper.name,
  });
  move(today - 3, 'return', String(item('备课本').id), 4, String(storeReturns[0]!.id), job('dean_studies').name, job('dean_studies').unit);
  // A slip of several lines (one row each, sharing 退还单号): what the relamping left over comes back.
  const slip = `TH-${yyyymmdd(today - 1)}-DEMO2`;
  for (const [n, [name, quantity]] of (
    [
      ['LED灯管', 3],
      ['开关面板', 1],
    ] as const
  ).entries()) {
    storeReturns.push({
      id: `${slip}-${n + 1}`,
      slip,
      at: at(today - 1, 10, 5),
      item: item(name).id,
      name,
      quantity,
      returner: job('electrician').name,
      department: job('electrician').unit,
      reason: '更换后剩余',
      issue: relamp,
      receivedBy: keeper.name,
    });
    move(today - 1, 'return', String(item(name).id), quantity, slip, job('electrician').name, job('electrician').unit);
  }

  const stock: DemoRecord[] = storeItems.map((r) => {
    const qty = onHand.get(String(r.id)) ?? 0;
    return {
      item: r.id,
      name: r.name,
      spec: r.spec,
      unit: r.unit,
      onHand: qty,
      minStock: r.minStock,
      value: round(qty * Number(r.price)),
      location: r.location,
      updatedAt: at(today - 1, 18),
    };
  });
  // The term-start kit per class (开学班级套餐); brooms and mops go old for new, against the old ones.
  const issuePacks: DemoRecord[] = [
    ['无尘粉笔', 3],
    ['彩色粉笔', 1],
    ['黑板擦', 2],
    ['扫帚', 2],
    ['拖把', 1],
    ['垃圾袋', 3],
    ['抹布', 4],
  ].map(([name, quantity], i) => ({
    id: `TC${i + 1}`,
    pack: '开学班级套餐',
    item: item(String(name)).id,
    quantity,
  }));
  return {
    issuePacks,
    storeItems,
    approvalTiers,
    purchaseRequests,
    purchaseLines,
    approvals,
    receipts,
    stockMovements,
    storeIssues,
    storeReturns,
    stock,
  };
}
