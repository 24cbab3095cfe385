import { defineTab } from './types.js';

/** 操作日志: one row per write the portal makes (append-only). */
export const audit = defineTab({
  key: 'audit',
  zh: '操作日志',
  en: 'Audit log',
  idColumn: 'id',
  idPrefix: 'L',
  appendOnly: true,
  help: { zh: '门户自动记录的每一次写入，请勿修改。', en: 'Every write the portal made. Do not edit.' },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 120 },
    { key: 'time', zh: '时间', en: 'Time', type: 'datetime', required: true, width: 140 },
    { key: 'person', zh: '操作人', en: 'Person', type: 'text', width: 90 },
    { key: 'action', zh: '操作', en: 'Action', type: 'text', width: 120 },
    { key: 'tab', zh: '表', en: 'Tab', type: 'text', width: 80 },
    { key: 'rowId', zh: '行编号', en: 'Row ID', type: 'text', width: 100 },
    { key: 'before', zh: '修改前', en: 'Before', type: 'longtext', width: 220 },
    { key: 'after', zh: '修改后', en: 'After', type: 'longtext', width: 220 },
  ],
});
