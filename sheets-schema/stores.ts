import { assetCategories } from './assets.js';
import { defineTab, enumValues } from './types.js';

/**
 * 库房与采购 (stores and purchasing): 请购、审批、验收、入库、领用. A request is
 * approved by value in the tiers of 审批权限, received against its lines (入库单 with 经手人 /
 * 验收人 / 审批人), and every change of stock is one row of 出入库记录, the record stock on
 * hand is derived from (the 库存 tab is a printable copy the portal rewrites).
 */

export const itemKinds = enumValues(
  ['consumable', '消耗品', 'Consumable', '低值易耗品', '易耗品'],
  ['durable', '耐用品', 'Durable', '耐用'],
);

/** 物品目录: what the store keeps. 以旧换新 items are issued only against the old one. */
export const storeItems = defineTab({
  key: 'storeItems',
  zh: '物品目录',
  en: 'Store items',
  aliases: ['库房物品', '物品'],
  idColumn: 'id',
  idPrefix: 'WP',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, maxLength: 30, width: 90 },
    { key: 'name', zh: '名称', en: 'Name', aliases: ['物品名称', '品名'], type: 'text', required: true, maxLength: 60, width: 140 },
    { key: 'spec', zh: '规格', en: 'Specification', aliases: ['规格型号', '型号'], type: 'text', maxLength: 60, width: 110 },
    { key: 'unit', zh: '单位', en: 'Unit', type: 'text', required: true, maxLength: 10, width: 60 },
    { key: 'category', zh: '类别', en: 'Category', aliases: ['分类'], type: 'text', maxLength: 30, width: 90 },
    { key: 'kind', zh: '类型', en: 'Kind', aliases: ['消耗/耐用'], type: 'enum', required: true, allowed: itemKinds, width: 80 },
    {
      key: 'oldForNew',
      zh: '以旧换新',
      en: 'Old for new',
      type: 'boolean',
      width: 70,
      help: {
        zh: '是：须交回旧件（或写明报损原因）才能领新的',
        en: 'Yes: a new one is issued only against the old one returned (or written off with a reason)',
      },
    },
    { key: 'minStock', zh: '最低库存', en: 'Minimum stock', aliases: ['库存下限', '安全库存'], type: 'number', width: 80 },
    { key: 'price', zh: '参考单价', en: 'Reference price', aliases: ['单价'], type: 'money', width: 80 },
    { key: 'location', zh: '存放位置', en: 'Store location', aliases: ['库位', '位置'], type: 'text', maxLength: 40, width: 110 },
    {
      key: 'assetCategory',
      zh: '固定资产类别',
      en: 'Fixed-asset category',
      aliases: ['资产类别', '固定资产'],
      type: 'enum',
      allowed: assetCategories,
      width: 100,
      help: {
        zh: '填了类别的是固定资产：入库时每件登记进「资产」表，按类别编号，不进库存；空 = 库存物品',
        en: 'Set for a fixed asset: each unit received is registered in the asset register with a tag of this category, not kept as stock; blank = a stock item',
      },
    },
    { key: 'active', zh: '启用', en: 'Active', type: 'boolean', width: 60 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});

export const approverRoles = enumValues(
  ['head', '后勤主任', 'Head of logistics', '总务主任'],
  ['leader', '校领导', 'Leadership', '校长', '副校长'],
);

/** 审批权限: who approves a purchase request, by its total value (一支笔审批 by value). */
export const approvalTiers = defineTab({
  key: 'approvalTiers',
  zh: '审批权限',
  en: 'Approval tiers',
  aliases: ['审批级别'],
  idColumn: 'id',
  help: {
    zh: '每行一级：金额低于「金额上限」的请购单由这一级审批（上限留空 = 不限）。审批人留空 = 该角色的任何人。上级可以审批下级的单子。',
    en: 'One row per tier: a request totalling less than the limit is approved at this tier (blank limit = no limit). Blank approver = anyone with the role. A higher tier may approve a lower tier’s requests.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, maxLength: 20, width: 60 },
    { key: 'limit', zh: '金额上限', en: 'Limit (below)', aliases: ['上限'], type: 'money', width: 90 },
    { key: 'role', zh: '审批角色', en: 'Approving role', type: 'enum', required: true, allowed: approverRoles, width: 90 },
    { key: 'approver', zh: '审批人', en: 'Approver', type: 'text', maxLength: 40, width: 90 },
    { key: 'title', zh: '职务', en: 'Title', type: 'text', maxLength: 40, width: 120 },
  ],
});

export const requestStatuses = enumValues(
  ['pending', '待审批', 'Waiting for approval', '审批中'],
  ['approved', '已批准', 'Approved', '同意'],
  ['rejected', '不同意', 'Not approved', '未批准', '驳回'],
  ['partial', '部分到货', 'Partly received'],
  ['received', '已入库', 'Received', '已到货', '完成'],
  ['cancelled', '已取消', 'Cancelled', '取消'],
);

/** 请购单: one row per request; its lines are in 请购明细. */
export const purchaseRequests = defineTab({
  key: 'purchaseRequests',
  zh: '请购单',
  en: 'Purchase requests',
  aliases: ['采购申请单', '采购申请'],
  idColumn: 'id',
  idPrefix: 'QG',
  approverWrites: ['status', 'approver', 'decidedAt', 'comment'],
  columns: [
    { key: 'id', zh: '单号', en: 'Number', type: 'id', required: true, width: 170 },
    { key: 'requestedAt', zh: '申请时间', en: 'Requested at', type: 'datetime', required: true, width: 130 },
    { key: 'requester', zh: '申请人', en: 'Requested by', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'department', zh: '部门', en: 'Department', aliases: ['班级/部门', '处室'], type: 'text', maxLength: 40, width: 90 },
    { key: 'purpose', zh: '用途', en: 'Purpose', type: 'text', required: true, maxLength: 200, width: 160 },
    { key: 'neededBy', zh: '需用日期', en: 'Needed by', type: 'date', required: true, width: 100 },
    { key: 'urgent', zh: '加急', en: 'Urgent', type: 'boolean', width: 60 },
    { key: 'urgentReason', zh: '加急原因', en: 'Why urgent', type: 'text', maxLength: 200, width: 140 },
    { key: 'total', zh: '预计金额', en: 'Estimated total', aliases: ['金额'], type: 'money', width: 90 },
    { key: 'status', zh: '状态', en: 'Status', type: 'enum', required: true, allowed: requestStatuses, width: 80 },
    { key: 'tier', zh: '审批级别', en: 'Tier', type: 'text', maxLength: 60, width: 110 },
    { key: 'approver', zh: '审批人', en: 'Approver', type: 'text', maxLength: 40, width: 80 },
    { key: 'decidedAt', zh: '审批时间', en: 'Decided at', type: 'datetime', width: 130 },
    { key: 'comment', zh: '审批意见', en: 'Approver’s comment', aliases: ['意见'], type: 'text', maxLength: 300, width: 160 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});

/** 请购明细: the lines of a request, from the catalogue (物品编号) or in free text. */
export const purchaseLines = defineTab({
  key: 'purchaseLines',
  zh: '请购明细',
  en: 'Request lines',
  idColumn: 'id',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'request', zh: '请购单号', en: 'Request', type: 'text', required: true, maxLength: 40, width: 170 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', maxLength: 30, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 130 },
    { key: 'spec', zh: '规格', en: 'Specification', type: 'text', maxLength: 60, width: 100 },
    { key: 'unit', zh: '单位', en: 'Unit', type: 'text', maxLength: 10, width: 50 },
    { key: 'quantity', zh: '数量', en: 'Quantity', type: 'number', required: true, width: 60 },
    { key: 'price', zh: '预计单价', en: 'Estimated price', aliases: ['单价'], type: 'money', width: 80 },
    { key: 'amount', zh: '预计金额', en: 'Estimated amount', aliases: ['金额'], type: 'money', width: 80 },
  ],
});

/** 入库单: one row per line received; lines of one delivery share the 入库单号 and its signatures. */
export const receipts = defineTab({
  key: 'receipts',
  zh: '入库单',
  en: 'Receipts',
  aliases: ['验收入库'],
  idColumn: 'id',
  idPrefix: 'RK',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'receipt', zh: '入库单号', en: 'Receipt', type: 'text', required: true, maxLength: 40, width: 170 },
    { key: 'date', zh: '入库日期', en: 'Date', type: 'date', required: true, width: 100 },
    { key: 'request', zh: '请购单号', en: 'Request', type: 'text', maxLength: 40, width: 170 },
    { key: 'line', zh: '明细编号', en: 'Request line', type: 'text', maxLength: 60, width: 120 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', maxLength: 30, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 130 },
    { key: 'quantity', zh: '验收数量', en: 'Accepted', aliases: ['入库数量', '数量'], type: 'number', required: true, width: 70 },
    { key: 'rejected', zh: '拒收数量', en: 'Rejected', type: 'number', width: 70 },
    { key: 'rejectReason', zh: '拒收原因', en: 'Why rejected', type: 'text', maxLength: 200, width: 140 },
    { key: 'price', zh: '单价', en: 'Unit price', type: 'money', width: 70 },
    { key: 'amount', zh: '金额', en: 'Amount', type: 'money', width: 80 },
    { key: 'supplier', zh: '供应商', en: 'Supplier', type: 'text', maxLength: 60, width: 130 },
    { key: 'invoice', zh: '发票号', en: 'Invoice number', aliases: ['发票号码'], type: 'text', maxLength: 40, width: 100 },
    { key: 'handler', zh: '经手人', en: 'Handler', type: 'text', required: true, maxLength: 40, width: 70 },
    { key: 'acceptor', zh: '验收人', en: 'Acceptor', type: 'text', required: true, maxLength: 40, width: 70 },
    { key: 'approver', zh: '审批人', en: 'Approver', type: 'text', maxLength: 40, width: 70 },
    {
      key: 'reimbursed',
      zh: '报销日期',
      en: 'Reimbursed on',
      type: 'date',
      width: 100,
      help: { zh: '空 = 未报销', en: 'Blank = not yet reimbursed' },
    },
  ],
});

export const movementKinds = enumValues(
  ['receipt', '入库', 'Received'],
  ['issue', '领用', 'Issued', '出库'],
  ['return', '退还', 'Returned'],
  ['loss', '报损', 'Written off'],
  ['adjust', '盘点调整', 'Stocktake adjustment', '调整'],
);

/** 出入库记录: every change of stock, signed (+ in, − out), appended and never changed. The record. */
export const stockMovements = defineTab({
  key: 'stockMovements',
  zh: '出入库记录',
  en: 'Stock movements',
  aliases: ['出入库台帐'],
  idColumn: 'id',
  idPrefix: 'CR',
  appendOnly: true,
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 190 },
    { key: 'at', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 130 },
    { key: 'kind', zh: '类型', en: 'Kind', type: 'enum', required: true, allowed: movementKinds, width: 70 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', required: true, maxLength: 30, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 60, width: 130 },
    {
      key: 'change',
      zh: '变动数量',
      en: 'Change',
      aliases: ['数量'],
      type: 'number',
      required: true,
      width: 70,
      help: { zh: '入库为正，出库为负', en: 'Positive in, negative out' },
    },
    { key: 'price', zh: '单价', en: 'Unit price', type: 'money', width: 70 },
    { key: 'ref', zh: '单号', en: 'Slip', type: 'text', maxLength: 60, width: 170 },
    { key: 'person', zh: '领用/交回人', en: 'Receiver / returner', type: 'text', maxLength: 40, width: 90 },
    { key: 'department', zh: '部门', en: 'Department', type: 'text', maxLength: 40, width: 90 },
    { key: 'by', zh: '经办人', en: 'Recorded by', type: 'text', maxLength: 40, width: 80 },
  ],
});

export const oldItemOutcomes = enumValues(
  ['returned', '已交旧', 'Old one returned', '交旧'],
  ['written_off', '旧件报损', 'Old one written off', '报损'],
  ['none', '不适用', 'Not applicable', ''],
);

/** 领用单: items issued to a receiver, one row per line; the lines of one slip share 领用单号. Signed by tap or on the printed slip. */
export const storeIssues = defineTab({
  key: 'storeIssues',
  zh: '领用单',
  en: 'Issue slips',
  aliases: ['领用登记', '出库单'],
  idColumn: 'id',
  idPrefix: 'LY',
  columns: [
    { key: 'id', zh: '单号', en: 'Number', type: 'id', required: true, width: 170 },
    {
      key: 'slip',
      zh: '领用单号',
      en: 'Slip',
      aliases: ['单据号'],
      type: 'text',
      maxLength: 40,
      width: 170,
      help: {
        zh: '同一张领用单的各行单号相同（一次领用一张单）；空 = 这一行自成一张',
        en: 'The lines of one slip share it (one slip per issue); blank = the row is a slip of its own',
      },
    },
    { key: 'at', zh: '领用时间', en: 'Issued at', type: 'datetime', required: true, width: 130 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', required: true, maxLength: 30, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 60, width: 130 },
    { key: 'quantity', zh: '数量', en: 'Quantity', type: 'number', required: true, width: 60 },
    { key: 'receiver', zh: '领用人', en: 'Receiver', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'department', zh: '部门', en: 'Department', type: 'text', maxLength: 40, width: 90 },
    { key: 'purpose', zh: '用途', en: 'Purpose', type: 'text', maxLength: 200, width: 140 },
    { key: 'request', zh: '请购单号', en: 'Request', type: 'text', maxLength: 40, width: 170 },
    { key: 'oldItem', zh: '旧件处理', en: 'Old item', type: 'enum', allowed: oldItemOutcomes, width: 90 },
    { key: 'oldReason', zh: '旧件说明', en: 'Old item note', type: 'text', maxLength: 200, width: 140 },
    { key: 'issuedBy', zh: '发放人', en: 'Issued by', type: 'text', maxLength: 40, width: 80 },
    {
      key: 'signedAt',
      zh: '签收时间',
      en: 'Signed at',
      type: 'datetime',
      width: 130,
      help: {
        zh: '领用人在手机上点「签收」的时间；空 = 在打印的领用单上签字',
        en: 'When the receiver tapped “sign” on a phone; blank = signed on the printed slip',
      },
    },
  ],
});

/** 退还单: unused items brought back, one row per line; the lines of one slip share 退还单号 (the 退还单 is the proof they were returned). */
export const storeReturns = defineTab({
  key: 'storeReturns',
  zh: '退还单',
  en: 'Return slips',
  aliases: ['退库单'],
  idColumn: 'id',
  idPrefix: 'TH',
  columns: [
    { key: 'id', zh: '单号', en: 'Number', type: 'id', required: true, width: 170 },
    {
      key: 'slip',
      zh: '退还单号',
      en: 'Slip',
      type: 'text',
      maxLength: 40,
      width: 170,
      help: {
        zh: '同一张退还单的各行单号相同（一次退还一张单）；空 = 这一行自成一张',
        en: 'The lines of one slip share it (one slip per return); blank = the row is a slip of its own',
      },
    },
    { key: 'at', zh: '退还时间', en: 'Returned at', type: 'datetime', required: true, width: 130 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', required: true, maxLength: 30, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 60, width: 130 },
    { key: 'quantity', zh: '数量', en: 'Quantity', type: 'number', required: true, width: 60 },
    { key: 'returner', zh: '退还人', en: 'Returned by', type: 'text', required: true, maxLength: 40, width: 80 },
    { key: 'department', zh: '部门', en: 'Department', type: 'text', maxLength: 40, width: 90 },
    { key: 'reason', zh: '原因', en: 'Reason', type: 'text', maxLength: 200, width: 140 },
    {
      key: 'issue',
      zh: '领用单号',
      en: 'Issue slip',
      type: 'text',
      maxLength: 40,
      width: 170,
      help: { zh: '退还的是哪张领用单上领的（可空）', en: 'The issue slip the items were taken on (may be blank)' },
    },
    { key: 'receivedBy', zh: '收回人', en: 'Received by', type: 'text', maxLength: 40, width: 80 },
  ],
});

/** 领用套餐: a standard kit per class (chalk, brooms, bins …), issued to every class at term start. */
export const issuePacks = defineTab({
  key: 'issuePacks',
  zh: '领用套餐',
  en: 'Issue packs',
  aliases: ['开学套餐'],
  idColumn: 'id',
  help: {
    zh: '每行一种物品：套餐名称相同的行组成一个套餐，数量为每个班级的数量。',
    en: 'One item per row: rows with the same pack name make one pack; the quantity is per class.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, maxLength: 30, width: 80 },
    { key: 'pack', zh: '套餐', en: 'Pack', aliases: ['套餐名称'], type: 'text', required: true, maxLength: 40, width: 130 },
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'text', required: true, maxLength: 30, width: 80 },
    { key: 'quantity', zh: '每班数量', en: 'Per class', aliases: ['数量'], type: 'number', required: true, width: 70 },
  ],
});

/** 库存: stock on hand per item, rewritten by the portal from 出入库记录 (read and print it; edit the movements, not this). */
export const stock = defineTab({
  key: 'stock',
  zh: '库存',
  en: 'Stock on hand',
  idColumn: 'item',
  help: {
    zh: '由门户根据「出入库记录」计算后写入，仅供查看和打印；改库存请登记出入库。',
    en: 'Written by the portal from the stock movements, for reading and printing; change stock by recording a movement.',
  },
  columns: [
    { key: 'item', zh: '物品编号', en: 'Item ID', type: 'id', required: true, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', maxLength: 60, width: 130 },
    { key: 'spec', zh: '规格', en: 'Specification', type: 'text', maxLength: 60, width: 100 },
    { key: 'unit', zh: '单位', en: 'Unit', type: 'text', maxLength: 10, width: 50 },
    { key: 'onHand', zh: '库存数量', en: 'On hand', type: 'number', width: 70 },
    { key: 'minStock', zh: '最低库存', en: 'Minimum', type: 'number', width: 70 },
    { key: 'value', zh: '库存金额', en: 'Value', type: 'money', width: 80 },
    { key: 'location', zh: '存放位置', en: 'Location', type: 'text', maxLength: 40, width: 100 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated at', type: 'datetime', width: 130 },
  ],
});
