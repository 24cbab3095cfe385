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
  furniture: 'JJ', electrical: 'DQ', teaching: 'JX', it: 'XX', sports: 'TY', books: 'TS', tools: 'GJ', other: 'QT',
};

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
  help: { zh: '每件财产一行（一物一卡）。资产编号由门户按类别生成，请勿修改。', en: 'One row per numbered item. Tags are assigned by the portal per category; do not change them.' },
  columns: [
    { key: 'tag', zh: '资产编号', en: 'Tag', aliases: ['编号', '财产编号', '标签号'], type: 'id', required: true, width: 100 },
    { key: 'name', zh: '名称', en: 'Name', aliases: ['资产名称', '物品名称', '品名'], type: 'text', required: true, maxLength: 80, width: 160 },
    { key: 'category', zh: '类别', en: 'Category', aliases: ['分类'], type: 'enum', allowed: assetCategories, required: true, width: 90 },
    {
      key: 'kind', zh: '资产类型', en: 'Asset type', aliases: ['性质'], type: 'enum', width: 100,
      allowed: enumValues(['fixed', '固定资产', 'Fixed asset'], ['consumable', '低值易耗品', 'Low-value consumable', '低值易耗']),
    },
    { key: 'room', zh: '存放地点', en: 'Location', aliases: ['地点', '位置', '所在场所', '存放位置'], type: 'text', maxLength: 60, width: 120 },
    { key: 'responsible', zh: '责任人', en: 'Responsible', aliases: ['保管人', '负责人'], type: 'text', maxLength: 40, width: 90 },
    {
      key: 'source', zh: '来源', en: 'Source', type: 'enum', width: 90,
      allowed: enumValues(['purchased', '购置', 'Purchased', '采购', '购买'], ['allocated', '上级调拨', 'Allocated by the bureau', '上级分配', '调拨'], ['donated', '捐赠', 'Donated', '捐助'], ['other', '其他', 'Other']),
    },
    { key: 'acquired', zh: '购置日期', en: 'Acquired', aliases: ['日期', '入帐日期', '登记日期'], type: 'date', width: 100 },
    { key: 'price', zh: '单价', en: 'Price', aliases: ['价格', '金额', '原值', '单价(元)'], type: 'money', width: 90 },
    { key: 'status', zh: '状态', en: 'Status', aliases: ['使用状态'], type: 'enum', allowed: assetStatuses, required: true, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', aliases: ['说明'], type: 'longtext', maxLength: 1000, staffOwned: true, width: 200 },
    { key: 'updatedAt', zh: '更新时间', en: 'Updated', type: 'datetime', width: 140 },
    { key: 'updatedBy', zh: '更新人', en: 'Updated by', type: 'text', maxLength: 40, width: 80 },
  ],
});
