/**
 * Domain terms, one translation each, used everywhere.
 * 报修 is always "repair request"; add a term here before using it in a message.
 */
export const glossary = {
  'term.logistics': { zh: '后勤', en: 'Logistics' },
  'term.asset': { zh: '资产', en: 'Asset' },
  'term.assets': { zh: '资产台帐', en: 'Asset register' },
  'term.tag': { zh: '资产编号', en: 'Asset tag' },
  'term.room': { zh: '场所', en: 'Room' },
  'term.responsible': { zh: '责任人', en: 'Responsible person' },
  'term.repair': { zh: '报修', en: 'Repair request' },
  'term.loan': { zh: '借用', en: 'Loan' },
  'term.transfer': { zh: '调拨', en: 'Transfer' },
  'term.writeOff': { zh: '报废', en: 'Write-off' },
  'term.damage': { zh: '损坏', en: 'Damage' },
  'term.stocktake': { zh: '盘点', en: 'Stocktake' },
  'term.cleaning': { zh: '卫生保洁', en: 'Cleaning' },
  'term.zone': { zh: '责任区', en: 'Responsibility zone' },
  'term.greening': { zh: '绿化', en: 'Greening' },
  'term.hazard': { zh: '隐患', en: 'Hazard' },
  'term.patrol': { zh: '巡视', en: 'Patrol' },
  'term.summary': { zh: '月度总结', en: 'Monthly summary' },
  'term.dataProblem': { zh: '数据问题', en: 'Data problem' },
  'term.headOfLogistics': { zh: '后勤主任', en: 'Head of logistics' },
  'term.spreadsheet': { zh: '表格', en: 'Spreadsheet' },
} as const;
