/**
 * Common A4 self-adhesive label stock, as its makers publish it (Avery L7159 / L7654 / L7651
 * and the unbranded sheets cut the same way): millimetres; `left`/`top` are the sheet's margins,
 * `pitchX`/`pitchY` the distance from one label's edge to the next one's.
 */
export const labelStocks = {
  '24': { across: 3, down: 8, width: 63.5, height: 33.9, left: 7.2, top: 12.9, pitchX: 66.0, pitchY: 33.9 },
  '40': { across: 4, down: 10, width: 45.7, height: 25.4, left: 9.75, top: 21.5, pitchX: 48.25, pitchY: 25.4 },
  '65': { across: 5, down: 13, width: 38.1, height: 21.2, left: 4.67, top: 10.7, pitchX: 40.64, pitchY: 21.2 },
} as const;
export type LabelStock = keyof typeof labelStocks;
