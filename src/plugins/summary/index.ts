/** 月度后勤工作报告: the summary over every module listed in src/plugins/index.ts, which hands it the list. */
export { createSummaryPlugin } from './plugin.js';
