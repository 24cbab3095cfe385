import { glossary } from '../../core/i18n/glossary.js';
import { definePlugin } from '../../core/plugin.js';
import { assetRoutes } from './routes.js';

/** 资产台帐 (asset register). The full module (loans, labels, stocktakes…) builds on this slice. */
export const assetsPlugin = definePlugin({
  id: 'assets',
  tabs: ['assets', 'rooms'],
  nav: [{ path: '/assets', label: glossary['term.assets'], roles: ['head', 'staff', 'class_head', 'teacher', 'leader'] }],
  routes: assetRoutes,
});
