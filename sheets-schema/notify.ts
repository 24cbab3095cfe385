import { defineTab, enumValues } from './types.js';

/** Where a notification goes: the platforms the school already reads (README "Notifications"). */
export const notifyChannels = enumValues(
  ['wecom_robot', '企业微信群机器人', 'WeCom group robot', '企微群机器人', '企业微信机器人'],
  ['dingtalk', '钉钉机器人', 'DingTalk robot', '钉钉', '钉钉群机器人'],
  ['feishu', '飞书机器人', 'Feishu bot', '飞书', '飞书群机器人'],
  ['wecom_app', '企业微信应用消息', 'WeCom app message', '企业微信', '企微应用'],
  ['webhook', '通用Webhook', 'JSON webhook', 'Webhook'],
);

/**
 * 通知: which event goes through which channel to which target. The target names an entry of
 * the NOTIFY_CHANNELS Worker secret (webhook addresses and keys never live in the sheet);
 * WeCom app messages go to each recipient's 企业微信账号 in 人员.
 */
export const notifyRules = defineTab({
  key: 'notifyRules',
  zh: '通知',
  en: 'Notifications',
  aliases: ['通知设置', '消息通知'],
  idColumn: 'id',
  idPrefix: 'N',
  help: {
    zh: '每行一条：什么事件（如 报修已派工）经哪个渠道发给谁。“目标”是 Worker 密钥 NOTIFY_CHANNELS 中的名称；“每日待办”行的“发送时间”决定每日提醒的时间（默认 07:30，仅上课日）。',
    en: 'One row per rule: which event (e.g. repairs.assigned) goes through which channel. "Target" names an entry of the NOTIFY_CHANNELS Worker secret; the "digest" row\'s send time sets the daily digest (default 07:30, school days only).',
  },
  columns: [
    { key: 'id', zh: '编号', en: 'ID', type: 'id', required: true, width: 70 },
    { key: 'event', zh: '事件', en: 'Event', aliases: ['通知事件'], type: 'text', required: true, maxLength: 60, width: 150 },
    {
      key: 'channel',
      zh: '渠道',
      en: 'Channel',
      aliases: ['通知渠道', '方式'],
      type: 'enum',
      allowed: notifyChannels,
      required: true,
      width: 130,
    },
    { key: 'target', zh: '目标', en: 'Target', aliases: ['机器人', '接收'], type: 'text', required: true, maxLength: 60, width: 120 },
    { key: 'active', zh: '启用', en: 'Active', type: 'boolean', required: true, width: 60 },
    { key: 'time', zh: '发送时间', en: 'Send time', aliases: ['时间'], type: 'text', maxLength: 5, width: 80 },
    { key: 'notes', zh: '备注', en: 'Notes', type: 'longtext', maxLength: 500, staffOwned: true, width: 200 },
  ],
});
