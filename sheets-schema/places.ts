import { defineTab, enumValues } from './types.js';

export const roomTypes = enumValues(
  ['classroom', '教室', 'Classroom'],
  ['office', '办公室', 'Office'],
  ['lab', '实验室', 'Laboratory'],
  ['function', '功能室', 'Function room', '专用教室'],
  ['dorm', '宿舍', 'Dormitory'],
  ['canteen', '食堂', 'Canteen'],
  ['warehouse', '库房', 'Store room', '仓库'],
  ['toilet', '厕所', 'Toilet', '卫生间'],
  ['corridor', '走廊', 'Corridor'],
  ['stairs', '楼梯', 'Stairs'],
  ['grounds', '室外场地', 'Grounds', '操场', '场地'],
  ['other', '其他', 'Other'],
);

/** 场所: every room and area a label, a check-in or a repair can point at. */
export const rooms = defineTab({
  key: 'rooms',
  zh: '场所',
  en: 'Rooms',
  aliases: ['房间', '地点'],
  idColumn: 'id',
  idPrefix: 'RM',
  columns: [
    { key: 'id', zh: '编号', en: 'ID', aliases: ['房间号', '场所编号'], type: 'id', required: true, width: 90 },
    { key: 'name', zh: '名称', en: 'Name', aliases: ['场所名称', '房间名称'], type: 'text', required: true, maxLength: 60, width: 140 },
    { key: 'building', zh: '楼栋', en: 'Building', aliases: ['楼', '建筑'], type: 'text', maxLength: 40, width: 90 },
    { key: 'floor', zh: '楼层', en: 'Floor', type: 'number', width: 60 },
    { key: 'type', zh: '类型', en: 'Type', type: 'enum', allowed: roomTypes, required: true, width: 90 },
    { key: 'class', zh: '班级', en: 'Class', type: 'text', maxLength: 30, width: 90 },
    { key: 'responsible', zh: '责任人', en: 'Responsible', type: 'text', maxLength: 40, width: 90 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
  ],
});

/** 班级: classes and their head teachers (班级财产承包, 包干区). */
export const classes = defineTab({
  key: 'classes',
  zh: '班级',
  en: 'Classes',
  idColumn: 'id',
  columns: [
    { key: 'id', zh: '班级', en: 'Class', aliases: ['班级名称'], type: 'id', required: true, width: 100 },
    { key: 'grade', zh: '年级', en: 'Grade', type: 'text', maxLength: 20, width: 70 },
    { key: 'head', zh: '班主任', en: 'Class head', type: 'text', maxLength: 40, width: 90 },
    { key: 'room', zh: '教室', en: 'Classroom', type: 'text', maxLength: 40, width: 90 },
    { key: 'students', zh: '学生数', en: 'Students', aliases: ['人数'], type: 'number', width: 70 },
  ],
});
