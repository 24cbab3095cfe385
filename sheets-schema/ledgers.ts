/**
 * The smaller ledgers a logistics office keeps, each an ordinary tab. The register engine turns each
 * into pages from one declaration in src/plugins/registers/ (no routes or views of their own).
 */
import { defineTab, enumValues } from './types.js';

/** 来访登记: visitors and vehicles at the gate, logged by the guard on a phone. */
export const visitors = defineTab({
  key: 'visitors',
  zh: '来访登记',
  en: 'Visitor log',
  aliases: ['来人来车登记', '门卫登记'],
  idColumn: 'id',
  idPrefix: 'VS',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'arrivedAt', zh: '来访时间', en: 'Arrived', aliases: ['进校时间'], type: 'datetime', required: true, width: 140 },
    { key: 'visitor', zh: '来访人', en: 'Visitor', aliases: ['姓名'], type: 'text', required: true, maxLength: 40, width: 90 },
    { key: 'organisation', zh: '单位', en: 'Organisation', aliases: ['来访单位'], type: 'text', maxLength: 60, width: 120 },
    { key: 'phone', zh: '电话', en: 'Phone', aliases: ['联系电话'], type: 'text', maxLength: 30, width: 110 },
    { key: 'count', zh: '人数', en: 'People', type: 'number', width: 60 },
    { key: 'plate', zh: '车牌号', en: 'Vehicle plate', aliases: ['车牌'], type: 'text', maxLength: 20, width: 90 },
    { key: 'host', zh: '被访人', en: 'Visiting', aliases: ['接待人'], type: 'text', maxLength: 40, width: 90 },
    { key: 'purpose', zh: '事由', en: 'Purpose', aliases: ['来访事由'], type: 'text', required: true, maxLength: 100, width: 140 },
    { key: 'leftAt', zh: '离开时间', en: 'Left', aliases: ['离校时间'], type: 'datetime', width: 140 },
    { key: 'guard', zh: '登记人', en: 'Logged by', aliases: ['门卫'], type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

export const dutyShifts = enumValues(['day', '白班', 'Day'], ['night', '夜班', 'Night'], ['allDay', '全天', 'All day', '24小时']);

/** 节假日值班: holiday and night duty roster (generated from the 校历's holidays) with on-duty check-ins. */
export const dutyRoster = defineTab({
  key: 'dutyRoster',
  zh: '节假日值班',
  en: 'Holiday duty',
  aliases: ['值班表', '值班安排'],
  idColumn: 'id',
  idPrefix: 'DU',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'date', zh: '日期', en: 'Date', type: 'date', required: true, width: 100 },
    { key: 'holiday', zh: '假期', en: 'Holiday', type: 'text', maxLength: 40, width: 90 },
    { key: 'shift', zh: '班次', en: 'Shift', type: 'enum', allowed: dutyShifts, required: true, width: 70 },
    { key: 'person', zh: '值班人', en: 'On duty', type: 'text', required: true, maxLength: 40, width: 90 },
    { key: 'leader', zh: '带班领导', en: 'Leader on duty', aliases: ['值班领导'], type: 'text', maxLength: 40, width: 90 },
    { key: 'phone', zh: '电话', en: 'Phone', type: 'text', maxLength: 30, width: 110 },
    { key: 'notes', zh: '值班记录', en: 'Duty notes', aliases: ['备注'], type: 'longtext', maxLength: 1000, width: 200 },
  ],
});

export const fireEquipmentTypes = enumValues(
  ['powder', '干粉灭火器', 'Dry powder extinguisher'],
  ['co2', '二氧化碳灭火器', 'CO₂ extinguisher'],
  ['hydrant', '室内消火栓', 'Indoor hydrant', '消火栓'],
  ['blanket', '灭火毯', 'Fire blanket'],
  ['light', '应急照明灯', 'Emergency light', '应急灯'],
  ['sign', '疏散指示标志', 'Exit sign'],
);

/** 消防器材: extinguishers, hydrants and the rest, each with an expiry and a monthly check by QR. */
export const fireEquipment = defineTab({
  key: 'fireEquipment',
  zh: '消防器材',
  en: 'Fire equipment',
  aliases: ['消防器材登记'],
  idColumn: 'id',
  idPrefix: 'XF',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 90 },
    { key: 'type', zh: '类型', en: 'Type', type: 'enum', allowed: fireEquipmentTypes, required: true, width: 130 },
    { key: 'room', zh: '位置', en: 'Location', aliases: ['场所', '存放位置'], type: 'text', required: true, maxLength: 60, width: 130 },
    { key: 'spec', zh: '规格', en: 'Specification', type: 'text', maxLength: 40, width: 90 },
    { key: 'expires', zh: '有效期至', en: 'Expires', aliases: ['有效期', '到期日期'], type: 'date', width: 100 },
    { key: 'rule', zh: '检查规则', en: 'Check rule', type: 'text', maxLength: 60, width: 100 },
    { key: 'responsible', zh: '责任人', en: 'Responsible', type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

export const meals = enumValues(['breakfast', '早餐', 'Breakfast'], ['lunch', '午餐', 'Lunch'], ['dinner', '晚餐', 'Dinner']);

/** 食品留样: every dish of every served meal, kept 48 hours, then disposed of. */
export const foodSamples = defineTab({
  key: 'foodSamples',
  zh: '食品留样',
  en: 'Food samples',
  aliases: ['留样记录'],
  idColumn: 'id',
  idPrefix: 'LY',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'meal', zh: '餐次', en: 'Meal', type: 'enum', allowed: meals, required: true, width: 70 },
    { key: 'dish', zh: '菜品', en: 'Dish', aliases: ['品名'], type: 'text', required: true, maxLength: 60, width: 140 },
    { key: 'grams', zh: '留样量(克)', en: 'Amount (g)', aliases: ['重量', '留样量'], type: 'number', required: true, width: 80 },
    { key: 'sampledAt', zh: '留样时间', en: 'Sampled at', type: 'datetime', required: true, width: 140 },
    { key: 'keepUntil', zh: '留存至', en: 'Keep until', type: 'datetime', width: 140 },
    { key: 'person', zh: '留样人', en: 'Sampled by', type: 'text', maxLength: 40, width: 80 },
    { key: 'disposedAt', zh: '处置时间', en: 'Disposed at', aliases: ['销毁时间'], type: 'datetime', width: 140 },
    { key: 'disposedBy', zh: '处置人', en: 'Disposed by', type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

/** 健康证: canteen staff work only with a valid health certificate. */
export const healthCertificates = defineTab({
  key: 'healthCertificates',
  zh: '健康证',
  en: 'Health certificates',
  aliases: ['健康证登记'],
  idColumn: 'id',
  idPrefix: 'JK',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'name', zh: '姓名', en: 'Name', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'post', zh: '岗位', en: 'Post', type: 'text', maxLength: 40, width: 90 },
    { key: 'number', zh: '证号', en: 'Certificate no.', type: 'text', maxLength: 40, width: 130 },
    { key: 'issued', zh: '发证日期', en: 'Issued', type: 'date', width: 100 },
    { key: 'expires', zh: '有效期至', en: 'Expires', aliases: ['有效期'], type: 'date', required: true, width: 100 },
    { key: 'photo', zh: '照片', en: 'Photo', type: 'text', maxLength: 200, width: 120 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

export const meterKinds = enumValues(['water', '水表', 'Water'], ['power', '电表', 'Electricity']);

/** 水电表读数: monthly readings; the month's usage is computed and unusual jumps flagged. */
export const meterReadings = defineTab({
  key: 'meterReadings',
  zh: '水电表读数',
  en: 'Meter readings',
  aliases: ['抄表记录'],
  idColumn: 'id',
  idPrefix: 'MR',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'meter', zh: '表号', en: 'Meter', type: 'text', required: true, maxLength: 40, width: 90 },
    { key: 'kind', zh: '类型', en: 'Kind', type: 'enum', allowed: meterKinds, required: true, width: 60 },
    { key: 'room', zh: '位置', en: 'Location', type: 'text', maxLength: 60, width: 120 },
    { key: 'date', zh: '抄表日期', en: 'Read on', type: 'date', required: true, width: 100 },
    { key: 'reading', zh: '读数', en: 'Reading', type: 'number', required: true, width: 90 },
    { key: 'usage', zh: '本期用量', en: 'Usage', type: 'number', width: 80 },
    { key: 'unusual', zh: '异常', en: 'Unusual', type: 'boolean', width: 60 },
    { key: 'person', zh: '抄表人', en: 'Read by', type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

export const roomConditions = enumValues(['clean', '整洁', 'Clean'], ['fair', '一般', 'Fair'], ['dirty', '较差', 'Poor']);

/** 功能室使用: every class using a function room fills this in before leaving. */
export const roomUse = defineTab({
  key: 'roomUse',
  zh: '功能室使用',
  en: 'Function room use',
  aliases: ['功能室使用登记'],
  idColumn: 'id',
  idPrefix: 'GN',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'room', zh: '功能室', en: 'Room', type: 'text', required: true, maxLength: 60, width: 120 },
    { key: 'class', zh: '班级', en: 'Class', type: 'text', maxLength: 30, width: 90 },
    { key: 'teacher', zh: '任课教师', en: 'Teacher', aliases: ['使用人'], type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'usedAt', zh: '使用时间', en: 'Used at', type: 'datetime', required: true, width: 140 },
    { key: 'content', zh: '内容', en: 'Activity', aliases: ['使用内容'], type: 'text', maxLength: 100, width: 140 },
    { key: 'condition', zh: '卫生情况', en: 'Cleanliness', type: 'enum', allowed: roomConditions, required: true, width: 80 },
    { key: 'equipmentBack', zh: '设备归位', en: 'Equipment put back', type: 'boolean', required: true, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

/** 文印签单: printing against signed slips, totalled every week. */
export const printSlips = defineTab({
  key: 'printSlips',
  zh: '文印签单',
  en: 'Print slips',
  aliases: ['文印登记'],
  idColumn: 'id',
  idPrefix: 'WY',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'date', zh: '日期', en: 'Date', type: 'date', required: true, width: 100 },
    { key: 'person', zh: '申请人', en: 'Requested by', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'department', zh: '部门', en: 'Department', aliases: ['班级/部门'], type: 'text', required: true, maxLength: 40, width: 100 },
    { key: 'content', zh: '内容', en: 'What', type: 'text', required: true, maxLength: 100, width: 160 },
    { key: 'pages', zh: '页数', en: 'Pages', type: 'number', required: true, width: 60 },
    { key: 'copies', zh: '份数', en: 'Copies', type: 'number', required: true, width: 60 },
    { key: 'sheets', zh: '印张', en: 'Sheets printed', type: 'number', width: 70 },
    { key: 'approver', zh: '签字人', en: 'Signed by', aliases: ['审批人'], type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 140 },
  ],
});

export const outsourcedServices = enumValues(
  ['guard', '门卫', 'Guards', '保安'],
  ['cleaning', '保洁', 'Cleaning'],
  ['greening', '绿化', 'Greening'],
  ['canteen', '食堂', 'Canteen', '餐饮'],
);
export const serviceGrades = enumValues(
  ['excellent', '优秀', 'Excellent'],
  ['good', '良好', 'Good'],
  ['pass', '合格', 'Pass'],
  ['fail', '不合格', 'Fail'],
);

/** 外包服务考评: each outsourced service scored every month (guards, cleaning, greening, canteen). */
export const serviceEvaluations = defineTab({
  key: 'serviceEvaluations',
  zh: '外包服务考评',
  en: 'Outsourced service evaluation',
  aliases: ['社会化服务考评'],
  idColumn: 'id',
  idPrefix: 'KP',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'date', zh: '考评日期', en: 'Evaluated on', type: 'date', required: true, width: 100 },
    { key: 'service', zh: '服务类别', en: 'Service', type: 'enum', allowed: outsourcedServices, required: true, width: 80 },
    { key: 'company', zh: '服务单位', en: 'Company', type: 'text', required: true, maxLength: 60, width: 140 },
    { key: 'quality', zh: '服务质量(40)', en: 'Quality (40)', aliases: ['服务质量'], type: 'number', required: true, width: 80 },
    { key: 'response', zh: '响应速度(20)', en: 'Response (20)', aliases: ['响应速度'], type: 'number', required: true, width: 80 },
    { key: 'staffing', zh: '人员管理(20)', en: 'Staffing (20)', aliases: ['人员管理'], type: 'number', required: true, width: 80 },
    { key: 'safety', zh: '安全规范(20)', en: 'Safety (20)', aliases: ['安全规范'], type: 'number', required: true, width: 80 },
    { key: 'total', zh: '总分', en: 'Total', type: 'number', width: 60 },
    { key: 'grade', zh: '等级', en: 'Grade', type: 'enum', allowed: serviceGrades, width: 70 },
    { key: 'evaluator', zh: '考评人', en: 'Evaluated by', type: 'text', maxLength: 40, width: 80 },
    { key: 'problems', zh: '问题及整改', en: 'Problems and corrections', type: 'longtext', maxLength: 1000, width: 200 },
  ],
});

export const drillKinds = enumValues(
  ['fire', '消防疏散', 'Fire evacuation', '火灾疏散'],
  ['earthquake', '防震疏散', 'Earthquake', '地震疏散'],
  ['stampede', '防踩踏', 'Crowd safety'],
  ['other', '其他', 'Other'],
);

/** 安全演练: evacuation drills, one or two a term (the October earthquake drill every year). */
export const safetyDrills = defineTab({
  key: 'safetyDrills',
  zh: '安全演练',
  en: 'Safety drills',
  aliases: ['演练记录'],
  idColumn: 'id',
  idPrefix: 'YL',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'date', zh: '日期', en: 'Date', type: 'date', required: true, width: 100 },
    { key: 'kind', zh: '演练类型', en: 'Kind', type: 'enum', allowed: drillKinds, required: true, width: 90 },
    { key: 'people', zh: '参加人数', en: 'People', type: 'number', width: 70 },
    { key: 'minutes', zh: '疏散用时(分钟)', en: 'Minutes to evacuate', aliases: ['用时'], type: 'number', width: 90 },
    { key: 'organiser', zh: '组织人', en: 'Organised by', type: 'text', maxLength: 40, width: 80 },
    { key: 'review', zh: '评价', en: 'Review', type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'photo', zh: '照片', en: 'Photo', type: 'text', maxLength: 200, width: 120 },
  ],
});

export const incidentKinds = enumValues(
  ['injury', '学生伤害', 'Injury', '受伤', '伤害'],
  ['fire', '火情', 'Fire', '火灾'],
  ['theft', '盗窃', 'Theft', '失窃'],
  ['food', '食品安全', 'Food safety', '食物中毒'],
  ['traffic', '交通安全', 'Traffic', '交通'],
  ['other', '其他', 'Other'],
);

/** 安全事件: incidents (a pupil hurt, a fire, a theft…), counted in the 安全月报 to the bureau. */
export const incidents = defineTab({
  key: 'incidents',
  zh: '安全事件',
  en: 'Safety incidents',
  aliases: ['安全事故登记', '事故登记'],
  idColumn: 'id',
  idPrefix: 'SJ',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'occurredAt', zh: '发生时间', en: 'Occurred at', aliases: ['时间'], type: 'datetime', required: true, width: 140 },
    { key: 'kind', zh: '类别', en: 'Kind', type: 'enum', allowed: incidentKinds, required: true, width: 90 },
    { key: 'place', zh: '地点', en: 'Place', aliases: ['场所'], type: 'text', required: true, maxLength: 60, width: 120 },
    {
      key: 'description',
      zh: '经过',
      en: 'What happened',
      aliases: ['情况', '描述'],
      type: 'longtext',
      required: true,
      maxLength: 1000,
      width: 240,
    },
    { key: 'injured', zh: '受伤人数', en: 'People hurt', type: 'number', width: 70 },
    { key: 'handling', zh: '处置情况', en: 'Handling', aliases: ['处理情况'], type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'reportedBy', zh: '登记人', en: 'Logged by', type: 'text', maxLength: 40, width: 80 },
  ],
});
