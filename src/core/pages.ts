/** Core pages: the desk (home) and the data-problems list for the head of logistics. */
import { Hono } from 'hono';
import { allTabs, type TabKey } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import { render } from './views/render.js';

export const corePages = new Hono<AppEnv>();

const readable = allTabs.filter((tab) => !tab.appendOnly).map((tab) => tab.key as TabKey);

corePages.get('/', async (c) => {
  const problems = await c.var.data.problems(readable);
  return render(c, 'home', { problemCount: problems.length });
});

corePages.get('/problems', async (c) => {
  const problems = await c.var.data.problems(readable);
  return render(c, 'problems', { problems });
});
