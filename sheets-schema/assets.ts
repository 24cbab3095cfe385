import { defineTab, enumValues } from './types.js';

/** Tag prefixes per category: JJ-0001 is furniture (家具). */
export const assetCategories = enumValues(
  ['furniture', '家具', 'Furniture', '课桌椅'],
  ['electrical', '电器', 'Electrical', '电器设备'],
  ['teaching', '教学设备', 'Teaching equipment', '教学仪器'],
  ['it', '信息设备', 'IT equipment', '电脑', '计算机'],
  ['sports', '体育器材', 'Sports equipment'],
  ['books', '图书', 'Books'],
  ['tools', '工具', 'Tools'],
  ['other', '其他', 'Other'],
);

export const assetTagPrefixes: Record<string, string> = {
  furniture: 'JJ',
  electrical: 'DQ',
  teaching: 'JX',
  it: 'XX',
  sports: 'TY',
  books: 'TS',
  tools: 'GJ',
  other: 'QT',
};

/**
 * The tag prefix for a category. A school whose register already uses other prefixes sets
 * ASSET_TAG_PREFIXES (JSON, e.g. `{"furniture":"KZ","it":"DN"}`, 1–6 capital letters or digits);
 * categories it does not name keep the defaults above. A malformed setting is ignored whole.
 */
export function assetTagPrefix(category: string, overrides?: string | null): string {
  return parseTagPrefixes(overrides)[category] ?? assetTagPrefixes[category] ?? 'QT';
}

function parseTagPrefixes(overrides: string | null | undefined): Record<string, string> {
  if (!overrides) return {};
  try {
    const parsed = JSON.parse(overrides) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const entries = Object.entries(parsed as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === 'string' && /^[A-Z0-9]{1,6}$/.test(v))
      ? (Object.fromEntries(entries) as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

export const assetStatuses = enumValues(
  ['in_use', '在用', 'In use', '正常', '使用中'],
  ['idle', '闲置', 'Idle'],
  ['lent', '借出', 'On loan', '外借'],
  ['repairing', '维修中', 'Under repair', '维修'],
  ['damaged', '损坏', 'Damaged'],
  ['written_off', '已报废', 'Written off', '报废'],
);

/** 资产: the asset register (一物一卡): one row per numbered item, its current state. */
export const assets = defineTab({
  key: 'assets',
  zh: '资产',
  en: 'Assets',
  aliases: ['校产', '固定资产', '财产登记', '资产登记'],
  idColumn: 'tag',
  help: {
    zh: '每件财产一行（一物一卡）。资产编号由门户按类别生成，请勿修改。',
    en: 'One row per numbered item. Tags are assigned by the portal per category; do not change them.',
  },
  columns: [
    { key: 'tag', zh: '资产编号', en: 'Tag', aliases: ['编号', '财产编号', '标签号'], type: 'id', required: true, width: 100 },
    {
      key: 'name',
      zh: '名称',
      en: 'Name',
      aliases: ['资产名称', '物品名称', '品名'],
      type: 'text',
      required: true,
      maxLength: 80,
      width: 160,
    },
    { key: 'category', zh: '类别', en: 'Category', aliases: ['分类'], type: 'enum', allowed: assetCategories, required: true, width: 90 },
    {
      key: 'kind',
      zh: '资产类型',
      en: 'Asset type',
      aliases: ['性质'],
      type: 'enum',
      width: 100,
      allowed: enumValues(['fixed', '固定资产', 'Fixed asset'], ['consumable', '低值易耗品', 'Low-value consumable', '低值易耗']),
    },
    {
      key: 'room',
      zh: '存放地点',
      en: 'Location',
      aliases: ['地点', '位置', '所在场所', '存放位置'],
      type: 'text',
      maxLength: 60,
      width: 120,
    },
    { key: 'responsible', zh: '责任人', en: 'Responsible', aliases: ['保管人', '负责人'], type: 'text', maxLength: 40, width: 90 },
    {
      key: 'source',
      zh: '来源',
      en: 'Source',
      type: 'enum',
      width: 90,
      allowed: enumValues(
        ['purchased', '购置', 'Purchased', '采购', '购买'],
        ['allocated', '上级调拨', 'Allocated by the bureau', '上级分配', '调拨'],
        ['donated', '捐赠', 'Donated', '捐助'],
        ['other', '其他', 'Other'],
      ),
    },
    { key: 'acquired', zh: '购置日期', en: 'Acquired', aliases: ['日期', '入帐日期', '登记日期'], type: 'date', width: 100 },
    { key: 'price', zh: '单价', en: 'Price', aliases: ['价格', '金额', '原值', '单价(元)'], type: 'money', width: 90 },
    { key: 'status', zh: '状态', en: 'Status', aliases: ['使用状态'], type: 'enum', allowed: assetStatuses, required: true, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', aliases: ['说明'], type: 'longtext', maxLength: 1000, staffOwned: true, width: 200 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated', type: 'datetime', width: 140 },
    { key: 'updatedBy', zh: '更新人', en: 'Updated by', type: 'text', maxLength: 40, width: 80 },
  ],
});

/** What happened to an asset; one row per event in 资产变动记录. */
export const assetEventTypes = enumValues(
  ['registered', '登记', 'Registered', '入帐'],
  ['received', '入库', 'Received into stores'],
  ['edited', '修改', 'Edited'],
  ['moved', '移动', 'Moved', '搬移'],
  ['transferred', '调拨', 'Transferred', '转让'],
  ['lent', '借出', 'Lent', '借用'],
  ['returned', '归还', 'Returned'],
  ['damaged', '损坏', 'Damaged'],
  ['repaired', '修复', 'Repaired', '维修完成'],
  ['loan_approved', '批准借用', 'Loan approved'],
  ['loan_rejected', '不同意借用', 'Loan not approved'],
  ['write_off_requested', '申请报废', 'Write-off requested'],
  ['write_off_approved', '批准报废', 'Write-off approved'],
  ['written_off', '报废', 'Written off', '已报废'],
  ['counted', '盘点', 'Counted'],
);

/** 资产变动记录: the append-only history of every asset, written alongside its current state. */
export const assetEvents = defineTab({
  key: 'assetEvents',
  zh: '资产变动记录',
  en: 'Asset events',
  aliases: ['资产履历', '变动记录'],
  idColumn: 'id',
  idPrefix: 'EV',
  appendOnly: true,
  approverWrites: 'append',
  help: {
    zh: '每次登记、移动、借还、损坏、维修、报废、盘点各记一行；只追加，请勿修改。',
    en: 'One row per registration, move, loan, return, damage, repair, write-off or count. Append only.',
  },
  columns: [
    { key: 'id', zh: '记录号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'at', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 140 },
    { key: 'tag', zh: '资产编号', en: 'Tag', aliases: ['编号'], type: 'text', required: true, maxLength: 30, width: 100 },
    { key: 'type', zh: '变动类型', en: 'Event', aliases: ['类型'], type: 'enum', allowed: assetEventTypes, required: true, width: 90 },
    { key: 'fromRoom', zh: '原地点', en: 'From room', type: 'text', maxLength: 60, width: 120 },
    { key: 'toRoom', zh: '新地点', en: 'To room', type: 'text', maxLength: 60, width: 120 },
    { key: 'fromPerson', zh: '原责任人', en: 'From person', type: 'text', maxLength: 40, width: 90 },
    { key: 'toPerson', zh: '新责任人', en: 'To person', type: 'text', maxLength: 40, width: 90 },
    { key: 'payer', zh: '赔偿人', en: 'Paid by', aliases: ['赔偿方'], type: 'text', maxLength: 40, width: 90 },
    { key: 'amount', zh: '金额', en: 'Amount', aliases: ['赔偿金额'], type: 'money', width: 90 },
    { key: 'ref', zh: '关联单号', en: 'Reference', type: 'text', maxLength: 60, width: 180 },
    { key: 'notes', zh: '说明', en: 'Notes', aliases: ['备注'], type: 'longtext', maxLength: 1000, width: 200 },
    { key: 'by', zh: '经办人', en: 'By', type: 'text', maxLength: 40, width: 80 },
  ],
});

export const loanConditions = enumValues(['good', '完好', 'Good', '正常'], ['worn', '有磨损', 'Worn'], ['damaged', '损坏', 'Damaged']);

/** A loan is requested, decided by leadership in the approval inbox, then handed over. Blank = lent (rows from before approvals). */
export const loanStatuses = enumValues(
  ['requested', '待审批', 'Waiting for approval', '申请中'],
  ['approved', '已批准', 'Approved', '同意'],
  ['rejected', '不同意', 'Not approved', '未批准', '驳回'],
  ['lent', '已借出', 'Lent', '借出'],
);

/** 借用登记: the IOU (借条) for each loan — requested, approved by a leader, handed over — and its return with a condition check. */
export const assetLoans = defineTab({
  key: 'assetLoans',
  zh: '借用登记',
  en: 'Loans',
  aliases: ['借用', '借条'],
  idColumn: 'id',
  idPrefix: 'JY',
  approverWrites: ['status', 'approver', 'decidedAt', 'comment'],
  columns: [
    { key: 'id', zh: '借用单号', en: 'Loan', type: 'id', required: true, width: 190 },
    { key: 'tag', zh: '资产编号', en: 'Tag', type: 'text', required: true, maxLength: 30, width: 100 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 80, width: 140 },
    { key: 'borrower', zh: '借用人', en: 'Borrower', type: 'text', required: true, maxLength: 40, width: 90 },
    { key: 'unit', zh: '借用部门', en: 'Borrower’s unit', aliases: ['部门', '班级'], type: 'text', maxLength: 40, width: 100 },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      type: 'enum',
      allowed: loanStatuses,
      width: 80,
      help: {
        zh: '待审批 → 已批准 / 不同意（校领导在审批页决定）→ 已借出；空 = 已借出',
        en: 'Waiting → approved / not approved (leadership, in the approval inbox) → lent; blank = lent',
      },
    },
    { key: 'approver', zh: '批准人', en: 'Approved by', aliases: ['审批人'], type: 'text', maxLength: 40, width: 90 },
    { key: 'decidedAt', zh: '审批时间', en: 'Decided at', type: 'datetime', width: 130 },
    { key: 'comment', zh: '审批意见', en: 'Approver’s comment', aliases: ['意见'], type: 'text', maxLength: 300, width: 160 },
    { key: 'lentOn', zh: '借出日期', en: 'Lent on', type: 'date', required: true, width: 100 },
    { key: 'due', zh: '应还日期', en: 'Due', aliases: ['归还期限'], type: 'date', required: true, width: 100 },
    { key: 'returnedOn', zh: '归还日期', en: 'Returned on', type: 'date', width: 100 },
    { key: 'condition', zh: '归还状况', en: 'Condition on return', type: 'enum', allowed: loanConditions, width: 90 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 160 },
    { key: 'by', zh: '经办人', en: 'By', type: 'text', maxLength: 40, width: 80 },
  ],
});

export const writeOffStatuses = enumValues(
  ['requested', '已申请', 'Requested', '申请中'],
  ['approved', '已批准', 'Approved'],
  ['rejected', '未批准', 'Rejected', '驳回'],
  ['applied', '已报废', 'Written off', '已处置'],
);

/** 报废申请: write-off requested → approved by leadership (recorded by the head) → applied. */
export const assetWriteOffs = defineTab({
  key: 'assetWriteOffs',
  zh: '报废申请',
  en: 'Write-offs',
  aliases: ['报废'],
  idColumn: 'id',
  idPrefix: 'BF',
  approverWrites: ['status', 'approver', 'approvedOn', 'recordedBy'],
  columns: [
    { key: 'id', zh: '申请单号', en: 'Request', type: 'id', required: true, width: 190 },
    { key: 'tag', zh: '资产编号', en: 'Tag', type: 'text', required: true, maxLength: 30, width: 100 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 80, width: 140 },
    { key: 'reason', zh: '报废原因', en: 'Reason', type: 'longtext', required: true, maxLength: 500, width: 200 },
    { key: 'requestedBy', zh: '申请人', en: 'Requested by', type: 'text', maxLength: 40, width: 90 },
    { key: 'requestedOn', zh: '申请日期', en: 'Requested on', type: 'date', width: 100 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', allowed: writeOffStatuses, required: true, width: 80 },
    { key: 'approver', zh: '审批领导', en: 'Approving leader', aliases: ['审批人'], type: 'text', maxLength: 40, width: 90 },
    { key: 'approvedOn', zh: '审批日期', en: 'Decided on', type: 'date', width: 100 },
    { key: 'recordedBy', zh: '登记人', en: 'Recorded by', type: 'text', maxLength: 40, width: 80 },
    { key: 'appliedOn', zh: '报废日期', en: 'Written off on', type: 'date', width: 100 },
  ],
});

export const classCheckKinds = enumValues(
  ['acknowledge', '学期初签收', 'Term-start acknowledgement', '签收'],
  ['midterm', '期中检查', 'Mid-term check'],
  ['endterm', '期末检查', 'End-of-term check'],
  ['monthly', '月度检查', 'Monthly check'],
);

/** 班级财产检查: term-start acknowledgements and the class property checks (班级财产承包). */
export const classChecks = defineTab({
  key: 'classChecks',
  zh: '班级财产检查',
  en: 'Class property checks',
  aliases: ['班级财产'],
  idColumn: 'id',
  idPrefix: 'BJ',
  columns: [
    { key: 'id', zh: '记录号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'class', zh: '班级', en: 'Class', type: 'text', required: true, maxLength: 30, width: 100 },
    { key: 'kind', zh: '类型', en: 'Kind', type: 'enum', allowed: classCheckKinds, required: true, width: 100 },
    { key: 'date', zh: '日期', en: 'Date', type: 'date', required: true, width: 100 },
    { key: 'term', zh: '学期', en: 'Term', type: 'text', maxLength: 40, width: 160 },
    { key: 'items', zh: '财产件数', en: 'Items', type: 'number', width: 70 },
    { key: 'damaged', zh: '损坏件数', en: 'Damaged', type: 'number', width: 70 },
    { key: 'missing', zh: '缺失件数', en: 'Missing', type: 'number', width: 70 },
    { key: 'charged', zh: '赔偿金额', en: 'Charged', type: 'money', width: 90 },
    { key: 'by', zh: '签字人', en: 'Signed by', type: 'text', maxLength: 40, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, width: 160 },
  ],
});

export const stocktakeStatuses = enumValues(['open', '进行中', 'Open'], ['closed', '已结束', 'Closed']);

/** 盘点: one row per stocktake; closing fills in the reconciliation (帐物相符率). */
export const stocktakes = defineTab({
  key: 'stocktakes',
  zh: '盘点',
  en: 'Stocktakes',
  aliases: ['资产盘点'],
  idColumn: 'id',
  idPrefix: 'PD',
  columns: [
    { key: 'id', zh: '盘点单号', en: 'Stocktake', type: 'id', required: true, width: 190 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 160 },
    { key: 'rooms', zh: '盘点场所', en: 'Rooms', type: 'longtext', required: true, maxLength: 5000, width: 240 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', allowed: stocktakeStatuses, required: true, width: 80 },
    { key: 'openedOn', zh: '开始日期', en: 'Opened on', type: 'date', width: 100 },
    { key: 'openedBy', zh: '发起人', en: 'Opened by', type: 'text', maxLength: 40, width: 80 },
    { key: 'closedOn', zh: '结束日期', en: 'Closed on', type: 'date', width: 100 },
    { key: 'expected', zh: '帐面数', en: 'Expected', type: 'number', width: 70 },
    { key: 'found', zh: '实盘数', en: 'Found', type: 'number', width: 70 },
    { key: 'damaged', zh: '损坏数', en: 'Damaged', type: 'number', width: 70 },
    { key: 'missing', zh: '盘亏数', en: 'Missing', type: 'number', width: 70 },
    { key: 'surplus', zh: '盘盈数', en: 'Surplus', type: 'number', width: 70 },
    { key: 'wrongRoom', zh: '错位数', en: 'Wrong room', type: 'number', width: 70 },
    {
      key: 'matchRate',
      zh: '帐物相符率',
      en: 'Match rate',
      type: 'number',
      width: 90,
      help: { zh: '百分比：在原地找到的件数 ÷ 帐面数', en: 'Percent: found in place ÷ expected' },
    },
  ],
});

export const stocktakeResults = enumValues(
  ['found', '在位', 'Found', '相符'],
  ['damaged', '损坏', 'Damaged'],
  ['missing', '缺失', 'Missing', '盘亏'],
  ['wrong_room', '错位', 'Wrong room'],
  ['surplus', '盘盈', 'Surplus'],
);

/** 盘点明细: every tick and scan of a stocktake (append only; the latest line per item counts). */
export const stocktakeLines = defineTab({
  key: 'stocktakeLines',
  zh: '盘点明细',
  en: 'Stocktake lines',
  idColumn: 'id',
  idPrefix: 'PL',
  appendOnly: true,
  columns: [
    { key: 'id', zh: '记录号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'stocktake', zh: '盘点单号', en: 'Stocktake', type: 'text', required: true, maxLength: 40, width: 190 },
    { key: 'room', zh: '盘点场所', en: 'Room', type: 'text', required: true, maxLength: 60, width: 120 },
    { key: 'tag', zh: '资产编号', en: 'Tag', type: 'text', maxLength: 30, width: 100 },
    { key: 'result', zh: '结果', en: 'Result', type: 'enum', allowed: stocktakeResults, required: true, width: 80 },
    { key: 'expectedRoom', zh: '帐面地点', en: 'Registered room', type: 'text', maxLength: 60, width: 120 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 80, width: 140 },
    { key: 'at', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 140 },
    { key: 'by', zh: '盘点人', en: 'Counted by', type: 'text', maxLength: 40, width: 80 },
  ],
});
