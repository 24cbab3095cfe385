/**
 * The demo school's repair requests, patrol checklist, patrol records and hazards, relative to
 * the demo's "today" so the board always shows something open, something late, one repeat
 * failure (the same fan three times in a month) and one overdue hazard.
 */
import type { DemoRecord } from './school.js';

interface Who {
  id: string;
  name: string;
  role: string;
}

/** The patrol checklist per area (每日巡视制度: environment, greening, hygiene, safety, buildings, equipment). */
const CHECKLIST: ReadonlyArray<[area: string, item: string]> = [
  ['environment', '校园道路畅通，无乱堆乱放'],
  ['environment', '围墙、大门完好，无乱张贴'],
  ['greening', '花坛、绿化带无杂草、无垃圾'],
  ['greening', '树木无倒伏、无病虫害，草坪无踩踏'],
  ['hygiene', '教学楼走廊、楼梯无纸屑、无痰迹'],
  ['hygiene', '厕所清洁无异味，垃圾桶已清运'],
  ['safety', '消防通道畅通，安全出口标志完好'],
  ['safety', '灭火器在有效期内，压力正常'],
  ['safety', '配电箱上锁，无私拉乱接电线'],
  ['buildings', '门窗、玻璃完好，无松动'],
  ['buildings', '墙面、屋顶无渗漏、无开裂'],
  ['buildings', '楼梯扶手、栏杆牢固'],
  ['equipment', '教室灯具、电扇、空调运行正常'],
  ['equipment', '多媒体设备完好，下课已关闭电源'],
  ['equipment', '饮水机、水龙头无漏水'],
];

/** Serial date-time for `day` (a date serial) at hh:mm. */
const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;

export function demoRepairs(input: {
  today: number;
  people: readonly Who[];
  rooms: ReadonlyArray<{ name: string }>;
  assets: readonly DemoRecord[];
}): Record<string, DemoRecord[]> {
  const { today } = input;
  const staff = input.people.filter((p) => p.role === 'staff');
  const reporters = input.people.filter((p) => p.role === 'class_head' || p.role === 'teacher');
  const head = input.people.find((p) => p.role === 'head')!;
  const fan = input.assets.find((a) => String(a.name ?? '').includes('吊扇'));
  const room = (i: number) => input.rooms[i % input.rooms.length]!.name;
  const worker = staff[0]!;
  const repairs: DemoRecord[] = [];
  const events: DemoRecord[] = [];
  let n = 0;
  const add = (r: {
    daysAgo: number;
    hour: number;
    room: string;
    asset?: string;
    category: string;
    description: string;
    urgency: string;
    status: string;
    doneAfterHours?: number;
    cost?: number;
    parts?: string;
    holiday?: boolean;
  }) => {
    n++;
    const id = `R-DEMO-${String(n).padStart(4, '0')}`;
    const reporter = reporters[n % reporters.length]!;
    const reportedAt = at(today - r.daysAgo, r.hour);
    const assigned = r.status !== 'reported';
    const doneAt = r.doneAfterHours !== undefined ? reportedAt + r.doneAfterHours / 24 : undefined;
    repairs.push({
      id,
      reportedAt,
      reporter: reporter.name,
      reporterId: reporter.id,
      room: r.room,
      asset: r.asset ?? '',
      category: r.category,
      description: r.description,
      urgency: r.urgency,
      status: r.status,
      worker: assigned ? worker.name : '',
      workerId: assigned ? worker.id : '',
      doneAt: doneAt ?? '',
      signedAt: r.status === 'signed_off' && doneAt ? doneAt + 0.1 : '',
      notes: doneAt ? '已修复' : '',
      parts: r.parts ?? '',
      cost: r.cost ?? '',
      holiday: r.holiday ?? false,
      photos: '',
      source: '',
      updatedAt: doneAt ?? reportedAt,
      updatedBy: assigned ? worker.name : reporter.name,
    });
    events.push({
      id: `RE-DEMO-${n}-1`,
      repairId: id,
      time: reportedAt,
      person: reporter.name,
      personId: reporter.id,
      action: 'report',
      status: 'reported',
      note: r.description,
    });
    if (assigned)
      events.push({
        id: `RE-DEMO-${n}-2`,
        repairId: id,
        time: reportedAt + 0.02,
        person: head.name,
        personId: head.id,
        action: 'assign',
        status: 'assigned',
        note: worker.name,
      });
    if (doneAt)
      events.push({
        id: `RE-DEMO-${n}-3`,
        repairId: id,
        time: doneAt,
        person: worker.name,
        personId: worker.id,
        action: 'done',
        status: 'done',
        note: '已修复',
      });
  };
  const fanRoom = fan ? String(fan.room ?? room(0)) : room(0);
  add({
    daysAgo: 25,
    hour: 9,
    room: fanRoom,
    asset: fan ? String(fan.tag) : undefined,
    category: 'electrical',
    description: '吊扇转动时异响',
    urgency: 'small',
    status: 'signed_off',
    doneAfterHours: 3,
    parts: '轴承1个',
    cost: 15,
  });
  add({
    daysAgo: 12,
    hour: 10,
    room: fanRoom,
    asset: fan ? String(fan.tag) : undefined,
    category: 'electrical',
    description: '吊扇不转',
    urgency: 'small',
    status: 'signed_off',
    doneAfterHours: 30,
  });
  add({
    daysAgo: 2,
    hour: 8,
    room: fanRoom,
    asset: fan ? String(fan.tag) : undefined,
    category: 'electrical',
    description: '吊扇又不转了',
    urgency: 'large',
    status: 'assigned',
  });
  add({
    daysAgo: 6,
    hour: 14,
    room: room(3),
    category: 'water',
    description: '洗手池水龙头漏水',
    urgency: 'small',
    status: 'done',
    doneAfterHours: 2,
    parts: '水龙头1个',
    cost: 38,
  });
  add({
    daysAgo: 1,
    hour: 15,
    room: room(7),
    category: 'doors_windows',
    description: '后门门锁坏了，关不上',
    urgency: 'small',
    status: 'reported',
  });
  add({
    daysAgo: 0,
    hour: 8,
    room: room(11),
    category: 'desks_chairs',
    description: '两张课桌桌腿松动',
    urgency: 'small',
    status: 'in_progress',
  });
  add({
    daysAgo: 20,
    hour: 11,
    room: room(15),
    category: 'carpentry',
    description: '讲台木板开裂，建议暑假整体更换',
    urgency: 'large',
    status: 'reported',
    holiday: true,
  });
  add({
    daysAgo: 40,
    hour: 9,
    room: room(19),
    category: 'network',
    description: '教室网络时断时续',
    urgency: 'large',
    status: 'signed_off',
    doneAfterHours: 26,
    parts: '网线5米',
    cost: 20,
  });

  const patrolItems = CHECKLIST.map(([area, item], i) => ({ id: `PI${String(i + 1).padStart(3, '0')}`, area, item, active: true }));
  const patrols: DemoRecord[] = [
    {
      id: 'PT-DEMO-1',
      time: at(today - 1, 7, 30),
      person: worker.name,
      area: 'safety',
      checked: 3,
      findings: 1,
      notes: '问题：灭火器在有效期内，压力正常',
    },
    { id: 'PT-DEMO-2', time: at(today - 1, 7, 50), person: worker.name, area: 'buildings', checked: 3, findings: 0, notes: '' },
  ];
  const hazards: DemoRecord[] = [
    {
      id: 'H-DEMO-1',
      foundAt: at(today - 10, 7, 40),
      foundBy: worker.name,
      area: 'safety',
      room: room(5),
      description: '走廊灭火器压力不足',
      owner: worker.name,
      deadline: today - 3,
      status: 'open',
      patrolId: '',
      updatedAt: at(today - 10, 7, 40),
      updatedBy: worker.name,
    },
    {
      id: 'H-DEMO-2',
      foundAt: at(today - 1, 7, 30),
      foundBy: worker.name,
      area: 'safety',
      room: room(9),
      description: '灭火器过期',
      owner: worker.name,
      deadline: today + 6,
      status: 'open',
      patrolId: 'PT-DEMO-1',
      updatedAt: at(today - 1, 7, 30),
      updatedBy: worker.name,
    },
    {
      id: 'H-DEMO-3',
      foundAt: at(today - 30, 8),
      foundBy: head.name,
      area: 'buildings',
      room: room(13),
      description: '楼梯扶手松动',
      owner: worker.name,
      deadline: today - 23,
      status: 'closed',
      rectification: '已加固',
      rectifiedAt: at(today - 25, 16),
      verifiedAt: at(today - 24, 9),
      verifiedBy: head.name,
      patrolId: '',
      updatedAt: at(today - 24, 9),
      updatedBy: head.name,
    },
  ];
  return { repairs, repairEvents: events, patrolItems, patrols, hazards };
}
