import { defineTab, enumValues } from './types.js';

/** 绿化区域: green belts, hedges, trees, flower beds and lawns, each with a contracted party. */
export const greenAreas = defineTab({
  key: 'greenAreas',
  zh: '绿化区域',
  en: 'Green areas',
  aliases: ['绿化'],
  idColumn: 'id',
  idPrefix: 'G',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 140 },
    {
      key: 'type', zh: '类型', en: 'Type', type: 'enum', required: true, width: 90,
      allowed: enumValues(['belt', '绿化带', 'Green belt'], ['hedge', '绿篱', 'Hedge'], ['tree', '树木', 'Trees', '乔木'], ['bed', '花坛', 'Flower bed'], ['lawn', '草坪', 'Lawn']),
    },
    { key: 'location', zh: '位置', en: 'Location', type: 'text', maxLength: 60, width: 120 },
    { key: 'size', zh: '面积/数量', en: 'Size / count', aliases: ['面积', '数量'], type: 'text', maxLength: 30, width: 90 },
    { key: 'party', zh: '承包方', en: 'Contracted party', aliases: ['责任人', '负责人'], type: 'text', maxLength: 60, width: 110 },
    { key: 'species', zh: '品种', en: 'Species', type: 'text', maxLength: 100, width: 120 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});
