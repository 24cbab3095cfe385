import { defineTab, enumValues } from './types.js';

/** The decisions of the approval inbox (一支笔审批): purchase requests, write-offs. */
export const decisions = enumValues(['approved', '同意', 'Approved', '批准'], ['rejected', '不同意', 'Not approved', '驳回']);

/** 审批记录: every decision from the approval inbox, appended and never changed. */
export const approvals = defineTab({
  key: 'approvals',
  zh: '审批记录',
  en: 'Approvals',
  idColumn: 'id',
  idPrefix: 'SP',
  appendOnly: true,
  approverWrites: 'append',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 170 },
    { key: 'at', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 130 },
    { key: 'kind', zh: '事项', en: 'Kind', type: 'text', required: true, maxLength: 30, width: 80 },
    { key: 'subject', zh: '单号', en: 'Number', type: 'text', required: true, maxLength: 60, width: 170 },
    { key: 'summary', zh: '内容', en: 'Summary', type: 'text', maxLength: 200, width: 200 },
    { key: 'amount', zh: '金额', en: 'Amount', type: 'money', width: 80 },
    { key: 'decision', zh: '结果', en: 'Decision', type: 'enum', required: true, allowed: decisions, width: 70 },
    { key: 'comment', zh: '意见', en: 'Comment', type: 'text', maxLength: 300, width: 160 },
    { key: 'by', zh: '审批人', en: 'Decided by', type: 'text', required: true, maxLength: 40, width: 80 },
  ],
});
