import { defineTab, enumValues } from './types.js';

/**
 * 校历: terms, holidays and make-up days, shared by every module that asks
 * "is this a school day?" (cleaning rosters, greening plans, repair service levels).
 * Weekdays inside a term are school days, weekends are not; a 假期 row removes days,
 * a 调休上课 row adds them (e.g. a Sunday worked before National Day).
 */
export const calendar = defineTab({
  key: 'calendar',
  zh: '校历',
  en: 'School calendar',
  aliases: ['学校日历', '作息日历'],
  idColumn: 'id',
  idPrefix: 'C',
  help: {
    zh: '学期、假期与调休。学期内的周一至周五为上课日；假期除外；调休上课日另计。',
    en: 'Terms, holidays and make-up days. Weekdays in a term are school days, except holidays; make-up days are added.',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 80 },
    {
      key: 'kind',
      zh: '类型',
      en: 'Kind',
      type: 'enum',
      required: true,
      width: 90,
      allowed: enumValues(
        ['term', '学期', 'Term'],
        ['holiday', '假期', 'Holiday', '放假', '节假日'],
        ['makeup', '调休上课', 'Make-up school day', '补课', '调休'],
      ),
    },
    { key: 'name', zh: '名称', en: 'Name', type: 'text', required: true, maxLength: 60, width: 160 },
    { key: 'start', zh: '开始日期', en: 'Start', aliases: ['开始'], type: 'date', required: true, width: 100 },
    { key: 'end', zh: '结束日期', en: 'End', aliases: ['结束'], type: 'date', required: true, width: 100 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});
