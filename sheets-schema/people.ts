import { defineTab, enumValues } from './types.js';

/** 人员: who may sign in and what they may do. The head of logistics manages access here. */
export const people = defineTab({
  key: 'people',
  zh: '人员',
  en: 'People',
  aliases: ['人员名单', '教职工'],
  idColumn: 'id',
  idPrefix: 'P',
  help: { zh: '可登录门户的人员及其角色。停用一行即收回访问权限。', en: 'Who may sign in and their role. Deactivate a row to revoke access.' },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', aliases: ['工号', '人员编号'], type: 'id', required: true, width: 90 },
    { key: 'name', zh: '姓名', en: 'Name', type: 'text', required: true, maxLength: 40, width: 90 },
    {
      key: 'role', zh: '角色', en: 'Role', type: 'enum', required: true, width: 110,
      allowed: enumValues(
        ['head', '后勤主任', 'Head of logistics', '总务主任', '后勤负责人'],
        ['staff', '后勤人员', 'Logistics staff', '后勤', '工勤'],
        ['class_head', '班主任', 'Class head teacher'],
        ['teacher', '教师', 'Teacher', '老师'],
        ['leader', '校领导', 'Leadership', '校长', '领导'],
        // District office (区教育局) roles: only valid in a district's own spreadsheet.
        ['district_director', '局领导', 'District director', '局长', '分管局长'],
        ['district_safety', '安全专干', 'District safety officer', '安全干事', '安全科'],
        ['district_area', '片区督导', 'Area supervisor', '片区负责人', '督导'],
      ),
    },
    { key: 'unit', zh: '班级/部门', en: 'Class / department', aliases: ['班级', '部门', '所在部门'], type: 'text', maxLength: 40, width: 110 },
    { key: 'phone', zh: '电话', en: 'Phone', aliases: ['手机', '联系电话'], type: 'text', maxLength: 30, width: 120 },
    { key: 'active', zh: '启用', en: 'Active', aliases: ['在职', '状态'], type: 'boolean', required: true, width: 60 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 160 },
    {
      key: 'email', zh: '邮箱', en: 'Email', aliases: ['电子邮箱', 'E-mail', '邮件'], type: 'text', maxLength: 120, width: 160,
      help: { zh: '可选：学校使用 Cloudflare Access 登录时，按此邮箱识别本人。', en: 'Optional: with Cloudflare Access, the person is recognised by this e-mail.' },
    },
    {
      key: 'account', zh: '企业微信账号', en: 'WeCom user ID', aliases: ['企微账号', '企业微信', 'UserID', '账号'], type: 'text', maxLength: 64, width: 120,
      help: { zh: '可选：企业微信通讯录中的账号（UserID），用于应用消息和群机器人 @提醒。', en: 'Optional: the WeCom directory user ID, for app messages and @mentions by group robots.' },
    },
    {
      key: 'language', zh: '语言', en: 'Language', aliases: ['通知语言'], type: 'enum', width: 70,
      allowed: enumValues(['zh-CN', '中文', 'Chinese', '简体中文', 'zh'], ['en', '英文', 'English']),
      help: { zh: '通知使用的语言，默认中文。', en: 'The language of this person\'s notifications; Chinese when blank.' },
    },
  ],
});
