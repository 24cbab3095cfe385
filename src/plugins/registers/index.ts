/**
 * 登记簿: every register the portal ships as a declaration (ledgers.ts), plus the ones a school
 * declares in its 登记簿 tab, all run by the register engine (src/core/registers).
 */
import { registersPlugin } from '../../core/kit.js';
import {
  disinfection,
  fireEquipment,
  foodSamples,
  healthCertificates,
  incidents,
  holidayDuty,
  meterReadings,
  printSlips,
  roomUse,
  safetyDrills,
  serviceEvaluations,
  visitors,
} from './ledgers.js';

export const codeRegisters = [
  visitors,
  holidayDuty,
  fireEquipment,
  foodSamples,
  healthCertificates,
  meterReadings,
  roomUse,
  printSlips,
  serviceEvaluations,
  safetyDrills,
  incidents,
  disinfection,
];

export const registersModule = registersPlugin(codeRegisters);
