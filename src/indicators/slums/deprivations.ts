/**
 * Household classification for 11.1.1 (docs/methods.md §8.2, UN metadata 11.1.1 STAT_CONC_DEF): the five
 * deprivations, each 0 (not deprived), 1 (deprived) or MISSING, and affordability. A component whose
 * column is not mapped is not assessed. Codes are matched as they appear in the file.
 */
import { fillEach } from '../../core/typed-array.js';
import { toFileRow, type Microdata } from '../../core/microdata.js';
import { InputError, UsageError } from '../../errors.js';
import { toNumbers } from '../../pipeline/survey-design.js';
import { codedColumnOf, columnOf, countUnlistedCodes, describeCodeCounts, matchCodes, requireCodes, type MicrodataConfig } from '../survey-common.js';

export const COMPONENTS = ['water', 'sanitation', 'livingArea', 'durability', 'tenure'] as const;
export type Component = (typeof COMPONENTS)[number];
export const MISSING = 2;

/** Codes of the household head's sex in HouseholdFlags.headSex. */
export const HEAD_SEX = { unknown: 0, F: 1, M: 2 } as const;

export interface HouseholdFlags {
  readonly persons: Float64Array;
  readonly urban: Uint8Array;
  /** Per component: 0, 1 or MISSING per household; absent when not assessed. */
  readonly deprived: Partial<Record<Component, Uint8Array>>;
  /** 0, 1 or MISSING per household; null when cost or income is not mapped. */
  readonly inadequate: Uint8Array | null;
  /** 'F', 'M' or '' per household; null when not mapped. */
  /** Sex of the household head per household (HEAD_SEX codes). */
  readonly headSex: Uint8Array | null;
  /** Notes on codes: what was treated as deprived or as missing. */
  readonly notes: string[];
}

/** Fields read as numbers; every other mapped field is read as codes. */
export const NUMERIC_FIELDS = ['weight', 'fpc', 'householdSize', 'rooms', 'housingCost', 'income'];

function missingIds(data: Microdata, config: MicrodataConfig, field: string): Uint8Array | null {
  const column = codedColumnOf(data, config, field);
  const list = config.missing[field];
  return column && list ? matchCodes(column, list) : null;
}

/** Improved / durable / secure when the value is in `goodCodes`; missing when empty or a missing code. */
function classifyCoded(data: Microdata, config: MicrodataConfig, field: string, goodKey: string, notes: string[], where: string): Uint8Array {
  const column = codedColumnOf(data, config, field) as NonNullable<ReturnType<typeof codedColumnOf>>;
  const good = matchCodes(column, requireCodes(config, field, goodKey, where));
  const missing = missingIds(data, config, field);
  const badKey = goodKey.replace(/^(improved|durable|secure)/, (m) => ({ improved: 'unimproved', durable: 'nonDurable', secure: 'insecure' })[m] as string);
  const badList = config.codes[badKey];
  const bad = badList ? matchCodes(column, badList) : null;
  const unlisted = countUnlistedCodes(column, [good, ...(bad ? [bad] : []), ...(missing ? [missing] : [])]);
  if (unlisted.size > 0) {
    notes.push(bad
      ? `${field} (${column.name}): values in no list of codes.${goodKey} / codes.${badKey}, counted as missing: ${describeCodeCounts(unlisted)}`
      : `${field} (${column.name}): values not in codes.${goodKey}, counted as deprived: ${describeCodeCounts(unlisted)}`);
  }
  // Per dictionary id once, then one table lookup per household.
  const byId = Uint8Array.from(column.dictionary, (_, id) => {
    if (missing && missing[id]) return MISSING;
    if (good[id]) return 0;
    return bad && !bad[id] ? MISSING : 1; // in no list: never guessed
  });
  const out = new Uint8Array(column.ids.length);
  for (let i = 0; i < out.length; i++) {
    const id = column.ids[i];
    out[i] = id === -1 ? MISSING : byId[id];
  }
  return out;
}

function classifyWater(data: Microdata, config: MicrodataConfig, notes: string[], where: string): Uint8Array {
  const flags = classifyCoded(data, config, 'water', 'improvedWater', notes, where);
  const bottledList = config.codes.bottledWater;
  const secondary = codedColumnOf(data, config, 'waterSecondary');
  if (!bottledList || !secondary) return flags;
  // Bottled water counts as improved only when the other source is improved (UN metadata 11.1.1).
  const water = codedColumnOf(data, config, 'water') as NonNullable<ReturnType<typeof codedColumnOf>>;
  const bottled = matchCodes(water, bottledList);
  const secondaryImproved = matchCodes(secondary, config.codes.improvedWater);
  const secondaryMissing = missingIds(data, config, 'waterSecondary');
  for (let i = 0; i < flags.length; i++) {
    if (water.ids[i] === -1 || !bottled[water.ids[i]]) continue;
    const s = secondary.ids[i];
    flags[i] = s === -1 || (secondaryMissing && secondaryMissing[s]) ? MISSING : secondaryImproved[s] ? 0 : 1;
  }
  return flags;
}

function classifyLivingArea(data: Microdata, config: MicrodataConfig, persons: Float64Array): Uint8Array {
  const column = columnOf(data, config, 'rooms') as NonNullable<ReturnType<typeof columnOf>>;
  const rooms = toNumbers(data, column, 'a number of rooms');
  const missingCodes = (config.missing.rooms ?? []).map(Number);
  const maxPerRoom = config.thresholds.personsPerRoomMax ?? 3;
  return fillEach(new Uint8Array(rooms.length), (i) => {
    const r = rooms[i];
    if (Number.isNaN(r) || missingCodes.includes(r)) return MISSING;
    if (r < 0) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${column.name}: expected a number of rooms ≥ 0, found ${r}`);
    // "Not more than three people share the same habitable room": exactly 3 is not overcrowded.
    return r === 0 ? 1 : persons[i] / r > maxPerRoom ? 1 : 0;
  });
}

function classifyDurability(data: Microdata, config: MicrodataConfig, notes: string[], where: string): Uint8Array | null {
  const parts = (['wall', 'roof', 'floor'] as const).filter((f) => config.columns[f] !== undefined);
  if (parts.length === 0) return null;
  const key = { wall: 'durableWall', roof: 'durableRoof', floor: 'durableFloor' };
  const flags = parts.map((f) => classifyCoded(data, config, f, key[f], notes, where));
  return fillEach(new Uint8Array(data.rows), (i) => {
    // Non-durable when any material is non-durable; unknown when none is and one is missing.
    if (flags.some((f) => f[i] === 1)) return 1;
    return flags.some((f) => f[i] === MISSING) ? MISSING : 0;
  });
}

function classifyAffordability(data: Microdata, config: MicrodataConfig): Uint8Array | null {
  const costColumn = columnOf(data, config, 'housingCost');
  const incomeColumn = columnOf(data, config, 'income');
  if (!costColumn || !incomeColumn) return null;
  const cost = toNumbers(data, costColumn, 'a housing cost');
  const income = toNumbers(data, incomeColumn, 'an income');
  const maxShare = config.thresholds.housingCostShareMax ?? 0.3;
  return fillEach(new Uint8Array(cost.length), (i) => {
    const c = cost[i];
    const y = income[i];
    if (Number.isNaN(c) || Number.isNaN(y)) return MISSING;
    if (y <= 0) return c > 0 ? 1 : MISSING; // no income: inadequate if anything is paid; 0/0 unknown
    return c / y > maxShare ? 1 : 0; // "exceeds 30 %": exactly 30 % is affordable
  });
}

export function classifyHouseholds(data: Microdata, config: MicrodataConfig, where: string): HouseholdFlags {
  const notes: string[] = [];
  const sizeColumn = columnOf(data, config, 'householdSize');
  if (!sizeColumn) throw new UsageError(`${where}: columns.householdSize is required (persons per household)`);
  const persons = toNumbers(data, sizeColumn, 'a household size');
  persons.forEach((n, i) => {
    if (!(n >= 1)) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${sizeColumn.name}: expected a household size of at least 1 person, found ${Number.isNaN(n) ? 'an empty value' : n}`);
  });
  const urbanColumn = codedColumnOf(data, config, 'urban');
  const urbanCodes = urbanColumn ? matchCodes(urbanColumn, requireCodes(config, 'urban', 'urban', where)) : null;
  const urban = urbanColumn && urbanCodes ? fillEach(new Uint8Array(data.rows), (i) => (urbanColumn.ids[i] !== -1 && urbanCodes[urbanColumn.ids[i]] ? 1 : 0)) : new Uint8Array(data.rows).fill(1);
  const deprived: Partial<Record<Component, Uint8Array>> = {};
  if (config.columns.water) deprived.water = classifyWater(data, config, notes, where);
  if (config.columns.sanitation) deprived.sanitation = classifyCoded(data, config, 'sanitation', 'improvedSanitation', notes, where);
  if (config.columns.rooms) deprived.livingArea = classifyLivingArea(data, config, persons);
  const durability = classifyDurability(data, config, notes, where);
  if (durability) deprived.durability = durability;
  if (config.columns.tenure) deprived.tenure = classifyCoded(data, config, 'tenure', 'secureTenure', notes, where);
  const headColumn = codedColumnOf(data, config, 'headSex');
  let headSex: Uint8Array | null = null;
  if (headColumn) {
    const female = matchCodes(headColumn, requireCodes(config, 'headSex', 'female', where));
    const male = matchCodes(headColumn, requireCodes(config, 'headSex', 'male', where));
    headSex = fillEach(new Uint8Array(data.rows), (i) => {
      const id = headColumn.ids[i];
      return id === -1 ? HEAD_SEX.unknown : female[id] ? HEAD_SEX.F : male[id] ? HEAD_SEX.M : HEAD_SEX.unknown;
    });
  }
  return { persons, urban, deprived, inadequate: classifyAffordability(data, config), headSex, notes };
}
