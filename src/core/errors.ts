/** Friendly error pages in the reader's language; Sheets failures explained, never a stack trace. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env.js';
import { t } from './i18n/index.js';
import { SheetShapeError } from './data/missing.js';
import { SheetsError, explainSheetsError, reviveSheetsError } from './sheets/errors.js';
import { render } from './views/render.js';

export const notFoundPage: NotFoundHandler<AppEnv> = (c) =>
  render(
    c,
    'error',
    { title: t(c.var.locale ?? 'zh-CN', 'error.title'), message: t(c.var.locale ?? 'zh-CN', 'error.notFound') },
    { status: 404 },
  );

export const errorPage: ErrorHandler<AppEnv> = (thrown, c: Context<AppEnv>) => {
  const locale = c.var.locale ?? 'zh-CN';
  const err = reviveSheetsError(thrown) as Error; // Sheets errors arrive from the gateway as plain Errors
  if (err instanceof HTTPException && err.status < 500) {
    const message = err.status === 413 ? t(locale, 'error.tooLarge') : err.message || t(locale, 'error.title');
    return render(c, 'error', { title: t(locale, 'error.title'), message }, { status: err.status });
  }
  if (err instanceof SheetShapeError) {
    return render(c, 'error', { title: t(locale, 'error.title'), message: t(locale, err.text) }, { status: 409 });
  }
  if (err instanceof SheetsError) {
    console.error('sheets error', err.code, err.message);
    return render(
      c,
      'error',
      { title: t(locale, 'error.title'), message: t(locale, 'error.sheets', { reason: t(locale, explainSheetsError(err)) }) },
      { status: 503 },
    );
  }
  console.error(err);
  return render(c, 'error', { title: t(locale, 'error.title'), message: t(locale, 'error.internal') }, { status: 500 });
};
