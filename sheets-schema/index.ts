/** Every tab the portal knows, in the order setup creates them. */
import { assetEvents, assetLoans, assets, assetWriteOffs, classChecks, stocktakeLines, stocktakes } from './assets.js';
import { audit } from './audit.js';
import { calendar } from './calendar.js';
import { checkins, classRanking, companyEvaluations, disinfections, inspections, roster, zones } from './cleaning.js';
import { careCheckins, carePlans, careTasks, greenAreas } from './greening.js';
import { people } from './people.js';
import { classes, rooms } from './places.js';
import { hazards, patrolItems, patrols } from './patrol.js';
import { repairEvents, repairs } from './repairs.js';
import { reports, safetyReports } from './summary.js';
import { districtSchools } from './district.js';
import { notifyRules } from './notify.js';
import {
  dutyRoster,
  fireEquipment,
  incidents,
  foodSamples,
  healthCertificates,
  meterReadings,
  printSlips,
  roomUse,
  safetyDrills,
  serviceEvaluations,
  visitors,
} from './ledgers.js';
import { registerCatalog, registerChecks } from './registers.js';
import { approvals } from './approvals.js';
import {
  approvalTiers,
  issuePacks,
  purchaseLines,
  purchaseRequests,
  receipts,
  stock,
  stockMovements,
  storeIssues,
  storeItems,
  storeReturns,
} from './stores.js';
import type { TabDef } from './types.js';

export * from './types.js';
export { assets, assetCategories, assetStatuses, assetTagPrefix, assetTagPrefixes } from './assets.js';
export * as assetTabs from './assets.js';
export { audit } from './audit.js';
export { calendar } from './calendar.js';
export {
  checkins,
  classRanking,
  companyEvaluations,
  disinfectionMethods,
  disinfections,
  evaluationGrades,
  inspectionKinds,
  inspections,
  roster,
  zonePartyTypes,
  zoneRoutines,
  zones,
} from './cleaning.js';
export { careCheckins, carePlans, careTasks, careTaskStatuses, careTaskTypes, checkinOutcomes, greenAreas } from './greening.js';
export { people } from './people.js';
export { classes, rooms, roomTypes } from './places.js';
export { hazards, hazardStatuses, patrolAreas, patrolItems, patrols } from './patrol.js';
export { repairCategories, repairEvents, repairs, repairStatuses, repairUrgencies } from './repairs.js';
export { reports, safetyReports } from './summary.js';
export { districtSchools } from './district.js';
export { notifyChannels, notifyRules } from './notify.js';
export * as ledgers from './ledgers.js';
export { checkResults, registerCatalog, registerChecks } from './registers.js';
export * as storeTabs from './stores.js';
export { approvals, decisions } from './approvals.js';

export const tabs = {
  people,
  rooms,
  classes,
  calendar,
  assets,
  assetEvents,
  assetLoans,
  assetWriteOffs,
  classChecks,
  stocktakes,
  stocktakeLines,
  zones,
  checkins,
  roster,
  inspections,
  disinfections,
  classRanking,
  companyEvaluations,
  greenAreas,
  carePlans,
  careTasks,
  careCheckins,
  repairs,
  repairEvents,
  patrolItems,
  patrols,
  hazards,
  reports,
  safetyReports,
  registerCatalog,
  registerChecks,
  visitors,
  dutyRoster,
  fireEquipment,
  foodSamples,
  healthCertificates,
  meterReadings,
  roomUse,
  printSlips,
  serviceEvaluations,
  safetyDrills,
  incidents,
  storeItems,
  approvalTiers,
  purchaseRequests,
  purchaseLines,
  approvals,
  receipts,
  stockMovements,
  storeIssues,
  storeReturns,
  issuePacks,
  stock,
  notifyRules,
  audit,
  districtSchools,
} as const;
export type TabKey = keyof typeof tabs;

/** Whether a string names a tab this code declares (not a sheet-declared register's tab). */
export const isTabKey = (key: string): key is TabKey => Object.hasOwn(tabs, key);
/** Tabs only a district office's spreadsheet has (its 人员 is the usual one). */
export const districtOnlyTabs: readonly TabDef[] = [districtSchools];
/** Every tab of a school's spreadsheet, in setup order. */
export const allTabs: readonly TabDef[] = Object.values(tabs).filter((t) => !districtOnlyTabs.includes(t));
/** Every tab of a district's spreadsheet, in setup order. */
export const districtTabs: readonly TabDef[] = [people, districtSchools, audit];
