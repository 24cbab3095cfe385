/**
 * The smaller ledgers a school's logistics office keeps, each one declaration: its tab (sheets-schema/ledgers.ts)
 * plus what the register engine (src/core/registers) does with it. No routes, no views.
 */
import { disinfections, ledgers } from '../../../sheets-schema/index.js';
import { addDays, defineRegister, type GenerateContext, type TableRow, type Values } from '../../core/kit.js';

const office = ['head', 'staff'] as const;
const readers = ['head', 'staff', 'leader'] as const;

/** 'YYYY-MM-DDTHH:mm:ss' plus hours, in the same wall-clock form. */
const plusHours = (dt: string, hours: number) =>
  new Date(Date.parse(`${dt.length === 16 ? `${dt}:00` : dt}Z`) + hours * 3600_000).toISOString().slice(0, 19);

export const visitors = defineRegister({
  id: 'visitors',
  tab: ledgers.visitors,
  tabKey: 'visitors',
  name: { zh: '来访登记', en: 'Visitor log' },
  help: {
    zh: '来人来车逐一登记；门卫联系被访人后放行，离开时补记时间。',
    en: 'Every visitor and vehicle; the guard calls the person visited, and notes the leaving time.',
  },
  add: office,
  view: readers,
  dateColumn: 'arrivedAt',
  listColumns: ['arrivedAt', 'visitor', 'organisation', 'plate', 'host', 'purpose', 'leftAt'],
  fields: { arrivedAt: { auto: 'now' }, guard: { auto: 'me' }, host: { ref: 'person' }, leftAt: { later: true } },
});

export const holidayDuty = defineRegister({
  id: 'duty',
  tab: ledgers.dutyRoster,
  tabKey: 'dutyRoster',
  name: { zh: '节假日值班', en: 'Holiday duty' },
  help: {
    zh: '假期每天有人值班；值班人当天到岗后扫码签到。',
    en: 'Someone on duty every holiday day; whoever is on duty checks in on the day.',
  },
  add: ['head'],
  view: ['head', 'staff', 'teacher', 'class_head', 'leader'],
  dateColumn: 'date',
  groupBy: 'shift',
  fields: { person: { ref: 'person' }, leader: { ref: 'person' } },
  checks: { dueColumn: 'date' },
  qrColumn: 'id',
  generate: {
    label: { zh: '按校历生成值班表', en: 'Fill from the school calendar' },
    rows: dutyFromCalendar,
    key: (v) => `${String(v.date)}|${String(v.shift)}`,
  },
});

/**
 * 节假日值班 from the 校历: a day and a night shift on every day of every holiday from today
 * on, taken in turn by the logistics staff (the head included), with the leaders on call in
 * turn. The turn carries on from the rows already there, so the load stays even.
 */
function dutyFromCalendar({ calendar, people, rows, today }: GenerateContext): Values[] {
  const active = (role: string) =>
    people.rows
      .filter((p) => p.values.active === true && p.values.role === role)
      .map((p) => p.values.name ?? '')
      .filter(Boolean);
  const staff = [...active('staff'), ...active('head')];
  const leaders = active('leader');
  if (!staff.length) return [];
  const out: Values[] = [];
  let turn = rows.length;
  const holidays = calendar.rows
    .filter(
      (r) =>
        r.values.kind === 'holiday' &&
        typeof r.values.start === 'string' &&
        typeof r.values.end === 'string' &&
        (r.values.end as string) >= today,
    )
    .sort((a, b) => String(a.values.start).localeCompare(String(b.values.start)));
  for (const h of holidays) {
    for (
      let d = (h.values.start as string) > today ? (h.values.start as string) : today;
      d <= (h.values.end as string);
      d = addDays(d, 1)
    ) {
      for (const shift of ['day', 'night']) {
        out.push({
          date: d,
          holiday: h.values.name ?? '',
          shift,
          person: staff[turn % staff.length]!,
          leader: leaders.length ? leaders[turn % leaders.length]! : null,
        });
        turn++;
      }
    }
  }
  return out;
}

export const fireEquipment = defineRegister({
  id: 'fire',
  tab: ledgers.fireEquipment,
  tabKey: 'fireEquipment',
  name: { zh: '消防器材', en: 'Fire equipment' },
  help: {
    zh: '每件器材贴一张二维码，每月扫码检查一次；有效期前 30 天提醒。',
    en: 'A QR label on every item, scanned for its monthly check; reminded 30 days before expiry.',
  },
  add: office,
  view: readers,
  groupBy: 'type',
  qrColumn: 'id',
  fields: { room: { ref: 'room' }, responsible: { ref: 'person' } },
  checks: { rule: '每月一次', ruleColumn: 'rule' },
  expiry: { column: 'expires', soonDays: 30 },
});

export const foodSamples = defineRegister({
  id: 'food-samples',
  tab: ledgers.foodSamples,
  tabKey: 'foodSamples',
  name: { zh: '食品留样', en: 'Food samples' },
  help: {
    zh: '每餐每样菜留样不少于 125 克，冷藏 48 小时后处置。',
    en: 'At least 125 g of every dish of every meal, kept chilled 48 hours, then disposed of.',
  },
  add: office,
  view: readers,
  dateColumn: 'sampledAt',
  groupBy: 'meal',
  fields: {
    sampledAt: { auto: 'now' },
    person: { auto: 'me' },
    keepUntil: { computed: true },
    disposedAt: { later: true },
    disposedBy: { later: true },
  },
  expect: { rule: '每个上课日', per: { column: 'meal', values: ['breakfast', 'lunch'] } },
  expiry: {
    column: 'keepUntil',
    soonDays: 0,
    doneColumn: 'disposedAt',
    expiredText: { zh: '留样超时未处置', en: 'Samples past 48 h not disposed of' },
  },
  derive: (v): Values => (typeof v.sampledAt === 'string' ? { keepUntil: plusHours(v.sampledAt, 48) } : {}),
});

export const healthCertificates = defineRegister({
  id: 'health-certificates',
  tab: ledgers.healthCertificates,
  tabKey: 'healthCertificates',
  name: { zh: '健康证', en: 'Health certificates' },
  help: {
    zh: '食堂从业人员凭有效健康证上岗；到期前 30 天提醒。',
    en: 'Canteen staff work only with a valid certificate; reminded 30 days before expiry.',
  },
  add: ['head'],
  view: readers,
  fields: { photo: { photo: true } },
  expiry: { column: 'expires', soonDays: 30 },
});

/** Usage since the meter's previous reading, and whether it jumped (over 1.5× its recent average). */
function meterUsage(v: Values, rows: readonly TableRow[]): Values {
  if (typeof v.reading !== 'number' || typeof v.date !== 'string') return {};
  const earlier = rows
    .filter((r) => r.values.meter === v.meter && typeof r.values.reading === 'number' && (r.values.date ?? '') < String(v.date))
    .sort((a, b) => String(a.values.date).localeCompare(String(b.values.date)));
  const prev = earlier.at(-1);
  if (!prev) return { usage: null, unusual: false };
  const usage = Math.round((v.reading - (prev.values.reading as number)) * 100) / 100;
  const recent = earlier
    .map((r) => r.values.usage)
    .filter((u): u is number => typeof u === 'number')
    .slice(-3);
  const mean = recent.length ? recent.reduce((s, x) => s + x, 0) / recent.length : null;
  return { usage, unusual: usage < 0 || (mean !== null && mean > 0 && usage > mean * 1.5) };
}

export const meterReadings = defineRegister({
  id: 'meters',
  tab: ledgers.meterReadings,
  tabKey: 'meterReadings',
  name: { zh: '水电表读数', en: 'Meter readings' },
  help: {
    zh: '每月抄表；本期用量自动计算，比近三期平均多五成以上标为异常。',
    en: "Read monthly; usage is worked out, and over 1.5× the last three periods' average is flagged.",
  },
  add: office,
  view: readers,
  dateColumn: 'date',
  groupBy: 'kind',
  qrColumn: 'meter',
  fields: { date: { auto: 'today' }, person: { auto: 'me' }, usage: { computed: true }, unusual: { computed: true } },
  flag: { column: 'unusual', text: { zh: '用量异常', en: 'Unusual usage' } },
  derive: meterUsage,
  monthTotals: [
    {
      key: 'electricity',
      column: 'usage',
      where: { column: 'kind', value: 'power' },
      label: { zh: '用电（千瓦时）', en: 'Electricity (kWh)' },
      better: 'lower',
    },
    {
      key: 'water',
      column: 'usage',
      where: { column: 'kind', value: 'water' },
      label: { zh: '用水（立方米）', en: 'Water (m³)' },
      better: 'lower',
    },
  ],
});

export const roomUse = defineRegister({
  id: 'room-use',
  tab: ledgers.roomUse,
  tabKey: 'roomUse',
  name: { zh: '功能室使用', en: 'Function room use' },
  help: {
    zh: '每班使用功能室后离开前填写：卫生情况、设备是否归位。门上贴二维码。',
    en: 'Every class fills this in before leaving: cleanliness and whether the equipment was put back. QR on the door.',
  },
  add: ['head', 'staff', 'teacher', 'class_head'],
  view: ['head', 'staff', 'teacher', 'class_head', 'leader'],
  dateColumn: 'usedAt',
  groupBy: 'room',
  qrColumn: 'room',
  fields: { room: { ref: 'room' }, class: { ref: 'class' }, teacher: { auto: 'me' }, usedAt: { auto: 'now' } },
});

export const printSlips = defineRegister({
  id: 'print-slips',
  tab: ledgers.printSlips,
  tabKey: 'printSlips',
  name: { zh: '文印签单', en: 'Print slips' },
  help: { zh: '凭签单印刷，每周合计印张。', en: 'Printing against signed slips, totalled every week.' },
  add: office,
  view: readers,
  dateColumn: 'date',
  groupBy: 'department',
  weeklyTotal: 'sheets',
  fields: { date: { auto: 'today' }, person: { ref: 'person' }, sheets: { computed: true } },
  derive: (v): Values => (typeof v.pages === 'number' && typeof v.copies === 'number' ? { sheets: v.pages * v.copies } : {}),
});

const scoreParts = ['quality', 'response', 'staffing', 'safety'] as const;

export const serviceEvaluations = defineRegister({
  id: 'service-evaluations',
  tab: ledgers.serviceEvaluations,
  tabKey: 'serviceEvaluations',
  name: { zh: '外包服务考评', en: 'Outsourced service evaluation' },
  help: {
    zh: '门卫、保洁、绿化、食堂等外包服务每月考评一次，问题反馈整改。',
    en: 'Guards, cleaning, greening and canteen services scored every month; problems sent back for correction.',
  },
  add: ['head'],
  view: readers,
  dateColumn: 'date',
  groupBy: 'service',
  fields: { date: { auto: 'today' }, evaluator: { auto: 'me' }, total: { computed: true }, grade: { computed: true } },
  expect: { rule: '每月一次', per: { column: 'service', values: ['guard', 'cleaning', 'greening', 'canteen'] } },
  derive: (v): Values => {
    if (!scoreParts.every((k) => typeof v[k] === 'number')) return {};
    const total = scoreParts.reduce((s, k) => s + (v[k] as number), 0);
    return { total, grade: total >= 90 ? 'excellent' : total >= 80 ? 'good' : total >= 60 ? 'pass' : 'fail' };
  },
});

export const safetyDrills = defineRegister({
  id: 'drills',
  tab: ledgers.safetyDrills,
  tabKey: 'safetyDrills',
  name: { zh: '安全演练', en: 'Safety drills' },
  help: {
    zh: '每学期疏散演练不少于 2 次（每年 10 月防震演练）。',
    en: 'At least two evacuation drills a term (the earthquake drill every October).',
  },
  add: ['head'],
  view: ['head', 'staff', 'teacher', 'class_head', 'leader'],
  dateColumn: 'date',
  groupBy: 'kind',
  fields: { organiser: { ref: 'person' }, photo: { photo: true } },
  expect: { rule: '每学期2次' },
});

export const incidents = defineRegister({
  id: 'incidents',
  tab: ledgers.incidents,
  tabKey: 'incidents',
  name: { zh: '安全事件', en: 'Safety incidents' },
  help: {
    zh: '学生伤害、火情、盗窃等安全事件逐一登记，计入每月报教育局的安全月报。',
    en: 'Every incident (a pupil hurt, a fire, a theft…), counted in the monthly safety report to the bureau.',
  },
  add: office,
  view: readers,
  dateColumn: 'occurredAt',
  groupBy: 'kind',
  fields: { occurredAt: { auto: 'now' }, reportedBy: { auto: 'me' }, place: { ref: 'room' } },
});

/**
 * 消毒记录 (canteen and kindergarten), once hand-written in cleaning. The cleaning board and
 * desk still read the tab for each zone's "disinfected today"; a zone's QR opens the form for it.
 */
export const disinfection = defineRegister({
  id: 'disinfection',
  tab: disinfections,
  tabKey: 'disinfections',
  name: { zh: '消毒记录', en: 'Disinfection log' },
  help: {
    zh: '食堂、幼儿园等需每日消毒的区域（在“卫生责任区”的“需消毒”列设置）每次消毒登记一条。',
    en: 'One entry per disinfection of the zones that need it daily (the zones sheet’s disinfection column).',
  },
  add: ['head', 'staff', 'teacher', 'class_head'],
  view: ['head', 'staff', 'teacher', 'class_head', 'leader'],
  dateColumn: 'time',
  groupBy: 'method',
  qrColumn: 'zone',
  listColumns: ['time', 'zoneName', 'target', 'method', 'minutes', 'concentration', 'person', 'checker'],
  fields: { time: { auto: 'now' }, person: { auto: 'me' }, zone: { ref: 'zone' }, zoneName: { lookup: { ref: 'zone', column: 'name' } } },
});
