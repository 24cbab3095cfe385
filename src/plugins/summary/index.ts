/** 月度后勤工作报告: the summary over every module listed in src/plugins/index.ts. */
import { plugins } from '../index.js';
import { createSummaryPlugin } from './plugin.js';

// Read lazily: this module is itself part of that list.
export const summaryPlugin = createSummaryPlugin(() => plugins);
