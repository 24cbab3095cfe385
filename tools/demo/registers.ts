/**
 * The demo school's registers (src/plugins/registers): a month of gate visitors, the National
 * Day duty roster with its check-ins, the fire equipment with a month of QR checks (a few
 * missed, two expiring), canteen food samples (one meal missed, one batch not disposed of),
 * health certificates (one expired), meter readings with one jump, function-room use, print
 * slips, the service evaluations and this term's drill. Deterministic: derived from the day.
 */
import type { DemoRecord, DemoSheet } from './school.js';

interface Who {
  id: string;
  name: string;
  role: string;
  unit?: string;
}
interface Place {
  id: string;
  name: string;
  type: string;
}

const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const weekdayOf = (serial: number) => ((((serial - 2) % 7) + 7) % 7) + 1;
const pad = (n: number, w = 3) => String(n).padStart(w, '0');

export function demoRegisters(input: {
  today: number;
  people: readonly Who[];
  rooms: readonly Place[];
  calendar: readonly DemoRecord[];
}): Record<string, DemoRecord[]> {
  const { today, people, rooms, calendar } = input;
  const staff = people.filter((p) => p.role === 'staff' || p.role === 'head');
  const leaders = people.filter((p) => p.role === 'leader');
  const teachers = people.filter((p) => p.role === 'teacher');
  const guard = staff.find((p) => p.unit === '总务处' && p.id) ?? staff[0]!;
  const head = people.find((p) => p.role === 'head')!;
  const schoolDays: number[] = [];
  for (let d = today - 30; d < today; d++) if (weekdayOf(d) <= 5) schoolDays.push(d);

  // 来访登记: 2–3 visitors a school day.
  const orgs = ['区教育局', '自来水公司', '家长', '教材发行站', '电信公司', '消防大队', '食堂供货商', '区卫生监督所'];
  const purposes = ['检查工作', '抄表维修', '接孩子看病', '送教材', '网络维护', '消防检查', '送货', '食品安全检查'];
  const visitors: DemoRecord[] = [];
  schoolDays.forEach((d, i) => {
    for (let k = 0; k < 2 + (i % 2); k++) {
      const n = visitors.length;
      const o = (i + k * 3) % orgs.length;
      visitors.push({
        id: `VS-DEMO-${pad(n + 1, 4)}`,
        arrivedAt: at(d, 8 + k * 3, (i * 7) % 60),
        visitor: `${'张李王赵陈刘'[n % 6]}${n % 2 ? '女士' : '先生'}`,
        organisation: orgs[o],
        phone: `139${pad((n * 7919) % 100000000, 8)}`,
        count: 1 + (n % 3 === 0 ? 1 : 0),
        plate: n % 4 === 0 ? `沪A${pad(10000 + n * 37, 5)}` : '',
        host: staff[n % staff.length]!.name,
        purpose: purposes[o],
        leftAt: at(d, 9 + k * 3, (i * 7) % 60),
        guard: guard.name,
        notes: '',
      });
    }
  });

  // 节假日值班: every day of the autumn holidays (国庆, 中秋) and the coming 元旦, day and night.
  const dutyRoster: DemoRecord[] = [];
  const registerChecks: DemoRecord[] = [];
  const holidays = calendar.filter((c) => c.kind === 'holiday' && (c.name === '国庆节' || c.name === '中秋节' || c.name === '元旦'));
  let turn = 0;
  for (const h of holidays) {
    for (let d = h.start as number; d <= (h.end as number); d++) {
      for (const shift of ['day', 'night'] as const) {
        const p = staff[turn % staff.length]!;
        const id = `DU-DEMO-${pad(dutyRoster.length + 1)}`;
        dutyRoster.push({
          id,
          date: d,
          holiday: h.name,
          shift,
          person: p.name,
          leader: leaders[turn % leaders.length]!.name,
          phone: '',
          notes: d < today ? '校园巡查正常' : '',
        });
        // Past duties were checked in, except one forgotten night.
        if (d < today && !(shift === 'night' && turn === 5))
          registerChecks.push({
            id: `RC-DEMO-${pad(registerChecks.length + 1, 4)}`,
            register: 'duty',
            item: id,
            itemName: `${h.name} ${p.name}`,
            time: at(d, shift === 'day' ? 8 : 19, 5),
            person: p.name,
            result: 'ok',
            notes: '',
          });
        turn++;
      }
    }
  }

  // 消防器材: an extinguisher pair on every floor of the teaching buildings, hydrants, blankets.
  const fireEquipment: DemoRecord[] = [];
  const corridors = rooms.filter((r) => r.type === 'corridor');
  corridors.forEach((r, i) => {
    fireEquipment.push({
      id: `XF-${pad(fireEquipment.length + 1)}`,
      type: 'powder',
      room: r.name,
      spec: 'MFZ/ABC4 ×2',
      expires: today + 200 + i * 31 - (i === 3 ? 190 : 0),
      rule: '',
      responsible: head.name,
      notes: '',
    });
    if (i % 2 === 0)
      fireEquipment.push({
        id: `XF-${pad(fireEquipment.length + 1)}`,
        type: 'hydrant',
        room: r.name,
        spec: 'SN65',
        expires: '',
        rule: '',
        responsible: head.name,
        notes: '',
      });
  });
  const canteen = rooms.find((r) => r.type === 'canteen');
  if (canteen)
    fireEquipment.push({
      id: `XF-${pad(fireEquipment.length + 1)}`,
      type: 'blanket',
      room: canteen.name,
      spec: '1.5m×1.5m',
      expires: today + 20,
      rule: '每周',
      responsible: head.name,
      notes: '后厨灶台旁',
    });
  const lastMonth = today - 30;
  fireEquipment.forEach((f, i) => {
    // Last month all checked; this month most, by QR.
    registerChecks.push({
      id: `RC-DEMO-${pad(registerChecks.length + 1, 4)}`,
      register: 'fire',
      item: f.id,
      itemName: String(f.room),
      time: at(lastMonth + (i % 10), 10),
      person: head.name,
      result: 'ok',
      notes: '',
    });
    if (i % 6 !== 5)
      registerChecks.push({
        id: `RC-DEMO-${pad(registerChecks.length + 1, 4)}`,
        register: 'fire',
        item: f.id,
        itemName: String(f.room),
        time: at(today - 12 + (i % 8), 10),
        person: head.name,
        result: i === 7 ? 'problem' : 'ok',
        notes: i === 7 ? '压力表指针偏低，已报修' : '',
      });
  });

  // 食品留样: breakfast and lunch, three dishes each, every school day; one lunch missed, last day not yet disposed.
  const foodSamples: DemoRecord[] = [];
  const dishes = { breakfast: ['馒头', '豆浆', '鸡蛋'], lunch: ['红烧鸡块', '清炒时蔬', '番茄蛋汤'] };
  const cook = staff.find((p) => p.unit === '食堂') ?? staff[0]!;
  schoolDays.slice(-12).forEach((d, i) => {
    for (const meal of ['breakfast', 'lunch'] as const) {
      if (meal === 'lunch' && i === 9) continue;
      for (const dish of dishes[meal]) {
        const sampled = at(d, meal === 'breakfast' ? 7 : 11, 20);
        foodSamples.push({
          id: `LY-DEMO-${pad(foodSamples.length + 1, 4)}`,
          meal,
          dish,
          grams: 150,
          sampledAt: sampled,
          keepUntil: sampled + 2,
          person: cook.name,
          disposedAt: d < today - 3 ? sampled + 2.1 : '',
          disposedBy: d < today - 3 ? cook.name : '',
          notes: '',
        });
      }
    }
  });

  // 健康证: the canteen team.
  const healthCertificates: DemoRecord[] = ['刘桂英', '陈建华', '王秀兰', '赵德明', '孙丽', '周强'].map((name, i) => ({
    id: `JK-DEMO-${pad(i + 1)}`,
    name,
    post: ['厨师长', '厨师', '面点', '切配', '售饭', '洗消'][i],
    number: `沪健${2026000 + i * 17}`,
    issued: today - 300 + i * 20,
    expires: i === 2 ? today - 5 : i === 4 ? today + 18 : today + 65 + i * 20,
    photo: '',
    notes: '',
  }));

  // 水电表读数: monthly since September; the canteen's electricity jumps this month.
  const meters = [
    ['S-01', 'water', '教学楼A'],
    ['S-02', 'water', '食堂'],
    ['D-01', 'power', '教学楼A'],
    ['D-02', 'power', '食堂'],
    ['D-03', 'power', '综合楼'],
  ] as const;
  const meterReadings: DemoRecord[] = [];
  meters.forEach(([meter, kind, place], m) => {
    let reading = 1000 * (m + 1);
    const usages: number[] = [];
    for (let k = 3; k >= 0; k--) {
      const usage = k === 3 ? null : (kind === 'water' ? 300 : 2400) + m * 40 + k * 10 + (meter === 'D-02' && k === 0 ? 2600 : 0);
      if (usage !== null) reading += usage;
      const mean = usages.length ? usages.slice(-3).reduce((s, x) => s + x, 0) / Math.min(3, usages.length) : null;
      meterReadings.push({
        id: `MR-DEMO-${pad(meterReadings.length + 1)}`,
        meter,
        kind,
        room: place,
        date: today - 1 - k * 30,
        reading,
        usage: usage ?? '',
        unusual: usage !== null && mean !== null && usage > mean * 1.5,
        person: staff[1]!.name,
        notes: '',
      });
      if (usage !== null) usages.push(usage);
    }
  });

  // 功能室使用: labs and function rooms by classes.
  const fnRooms = rooms.filter((r) => r.type === 'lab' || r.type === 'function').slice(0, 6);
  const roomUse: DemoRecord[] = [];
  schoolDays.forEach((d, i) => {
    const r = fnRooms[i % fnRooms.length]!;
    const t = teachers[i % teachers.length]!;
    roomUse.push({
      id: `GN-DEMO-${pad(roomUse.length + 1)}`,
      room: r.name,
      class: `${['七', '八', '九'][i % 3]}年级(${(i % 6) + 1})班`,
      teacher: t.name,
      usedAt: at(d, 9 + (i % 5)),
      content: '分组实验',
      condition: i % 7 === 3 ? 'fair' : 'clean',
      equipmentBack: i % 9 !== 4,
      notes: '',
    });
  });

  // 文印签单.
  const depts = ['教务处', '政教处', '七年级组', '八年级组', '九年级组', '总务处'];
  const printSlips: DemoRecord[] = schoolDays.map((d, i) => {
    const pages = 2 + (i % 4);
    const copies = [45, 50, 120, 300][i % 4]!;
    return {
      id: `WY-DEMO-${pad(i + 1)}`,
      date: d,
      person: teachers[i % teachers.length]!.name,
      department: depts[i % depts.length],
      content: ['单元测验', '家长会通知', '练习卷', '月考试卷'][i % 4],
      pages,
      copies,
      sheets: pages * copies,
      approver: head.name,
      notes: '',
    };
  });

  // 外包服务考评: last month's four services.
  const serviceEvaluations: DemoRecord[] = (['guard', 'cleaning', 'greening', 'canteen'] as const).map((service, i) => {
    const parts = [36 - i, 18, 17 + (i % 2), 19 - i];
    const total = parts.reduce((s, x) => s + x, 0);
    return {
      id: `KP-DEMO-${pad(i + 1)}`,
      date: today - 20,
      service,
      company: ['安达保安服务公司', '洁美物业公司', '绿城园林公司', '康源餐饮公司'][i],
      quality: parts[0],
      response: parts[1],
      staffing: parts[2],
      safety: parts[3],
      total,
      grade: total >= 90 ? 'excellent' : total >= 80 ? 'good' : 'pass',
      evaluator: head.name,
      problems: i === 3 ? '后厨地面油污，限一周整改' : '',
    };
  });

  // 安全演练: this term's earthquake drill in October.
  const safetyDrills: DemoRecord[] = [
    {
      id: 'YL-DEMO-001',
      date: today - 40,
      kind: 'earthquake',
      people: 960,
      minutes: 3.5,
      organiser: head.name,
      review: '各班按路线有序疏散，三楼东侧楼梯略拥堵，下次分批。',
      photo: '',
    },
  ];

  // The school's own register, declared in its 登记簿: first-aid kits checked monthly (demoOwnRegisterSheet).
  const registerCatalog: DemoRecord[] = [
    {
      id: 'first-aid',
      name: '急救箱检查',
      tab: '急救箱',
      add: '后勤主任、后勤人员',
      view: '所有人',
      qrColumn: '编号',
      rule: '每月一次',
      expiryColumn: '药品有效期',
      groupBy: '类型',
      enabled: true,
      notes: '每个急救箱贴二维码，每月检查药品和器械。',
    },
  ];
  for (const [n, item] of ['JJX-01', 'JJX-02', 'JJX-03', 'JJX-04'].entries()) {
    if (n < 3)
      registerChecks.push({
        id: `RC-DEMO-${pad(registerChecks.length + 1, 4)}`,
        register: 'first-aid',
        item,
        itemName: item,
        time: at(today - 10 + n, 9),
        person: head.name,
        result: 'ok',
        notes: '',
      });
  }

  return {
    registerCatalog,
    visitors,
    dutyRoster,
    fireEquipment,
    foodSamples,
    healthCertificates,
    meterReadings,
    roomUse,
    printSlips,
    serviceEvaluations,
    safetyDrills,
    registerChecks,
  };
}

/** The 急救箱 tab as the head of logistics made it: headers, two dropdowns, a date format, notes. */
export function demoOwnRegisterSheet(today: number): DemoSheet {
  const rows: Array<Array<string | number>> = [
    ['编号', '位置', '类型', '药品有效期', '负责人', '备注'],
    ['JJX-01', '总务处', '壁挂式', today + 180, '', ''],
    ['JJX-02', '学生餐厅', '壁挂式', today + 25, '', '后厨门口'],
    ['JJX-03', '体育器材室', '便携式', today + 300, '', '运动会时带到操场'],
    ['JJX-04', '物理实验室', '便携式', today - 3, '', ''],
  ];
  return {
    title: '急救箱',
    rows,
    frozenRowCount: 1,
    numberFormats: { 药品有效期: { type: 'DATE', pattern: 'yyyy-mm-dd' } },
    dropdowns: { 类型: ['壁挂式', '便携式', '车载式'] },
    notes: { 位置: '场所', 负责人: '人员', 备注: '多行' },
  };
}
