import { roomTypes } from './places.js';
import { defineTab, enumValues } from './types.js';

/** 卫生责任区: every area someone is responsible for keeping clean (责任区, 包干区). */
export const zones = defineTab({
  key: 'zones',
  zh: '卫生责任区',
  en: 'Cleaning zones',
  aliases: ['责任区', '包干区', '卫生区域'],
  idColumn: 'id',
  idPrefix: 'Z',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    { key: 'name', zh: '区域', en: 'Zone', aliases: ['名称', '责任区'], type: 'text', required: true, maxLength: 60, width: 140 },
    { key: 'building', zh: '楼栋', en: 'Building', type: 'text', maxLength: 40, width: 90 },
    { key: 'type', zh: '类型', en: 'Type', type: 'enum', allowed: roomTypes, width: 90 },
    {
      key: 'partyType', zh: '责任方类型', en: 'Party type', type: 'enum', width: 100,
      allowed: enumValues(['class', '班级', 'Class'], ['cleaner', '保洁员', 'Cleaner'], ['office', '处室', 'Office', '部门'], ['company', '保洁公司', 'Cleaning company', '外包公司']),
    },
    { key: 'party', zh: '责任方', en: 'Responsible party', aliases: ['责任人', '责任班级'], type: 'text', maxLength: 60, width: 110 },
    { key: 'routine', zh: '保洁要求', en: 'Routine', aliases: ['要求'], type: 'text', maxLength: 200, width: 180 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});
