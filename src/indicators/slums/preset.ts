/**
 * `--preset dhs`: DHS household-recode (HR) variable names and codes (docs/methods.md §7, §8.2; DHS Recode 7
 * code lists). Weights hv005 / 1e6, PSU hv021, strata hv022. Rooms are hv216, rooms used for sleeping:
 * a proxy for the habitable rooms of the UN definition, recorded in COMMENT_OBS. Bottled water (71) is
 * improved only when the household's other source (hv202) is improved. The HR file has no tenure item.
 */
import type { MicrodataConfig } from '../survey-common.js';

export const DHS_PRESET: MicrodataConfig = {
  columns: {
    weight: 'hv005', psu: 'hv021', strata: 'hv022', urban: 'hv025', householdSize: 'hv009', rooms: 'hv216',
    water: 'hv201', waterSecondary: 'hv202', sanitation: 'hv205', floor: 'hv213', wall: 'hv214', roof: 'hv215', headSex: 'hv219',
  },
  codes: {
    urban: [1],
    improvedWater: [11, 12, 13, 14, 21, 31, 41, 51, 71],
    bottledWater: [71],
    improvedSanitation: [11, 12, 13, 21, 22, 41],
    durableFloor: [31, 32, 33, 34, 35],
    durableWall: [31, 32, 33, 34, 35, 36],
    durableRoof: [31, 32, 33, 34, 35, 36],
    male: [1],
    female: [2],
  },
  thresholds: { personsPerRoomMax: 3, housingCostShareMax: 0.3 },
  missing: { water: [99], waterSecondary: [99], sanitation: [99], floor: [99], wall: [99], roof: [99], rooms: [99] },
  weightScale: 1e6,
};
