/**
 * The words of a report: what each indicator measures (after the UN global SDG metadata, whose
 * concepts each result also carries in `metadata`), and the method choices of COMMENT_OBS spelled out.
 */
export const INDICATOR_WORDS: Readonly<Record<string, { readonly title: string; readonly measures: string }>> = {
  '11.1.1': { title: 'Urban population living in slums, informal settlements or inadequate housing', measures: 'The share of the urban population living in households that lack one or more of: improved water, improved sanitation, sufficient living area (at most 3 persons per room), durable housing, security of tenure (UN-Habitat, SDG metadata 11.1.1). Estimates from a household survey, weighted, with linearised standard errors for its design.' },
  '11.2.1': { title: 'Population with convenient access to public transport', measures: 'The share of the population within 500 m of a low-capacity stop (bus, tram) or 1 km of a high-capacity one (rail, metro, ferry), measured along the street network where it is known (UN-Habitat, SDG metadata 11.2.1).' },
  '11.3.1': { title: 'Ratio of land consumption rate to population growth rate', measures: 'LCRPGR = LCR ÷ PGR: how fast built-up land grows compared with the population (UN-Habitat, SDG metadata 11.3.1). Above 1, land is consumed faster than the population grows (less dense); below 1, the city densifies.' },
  '11.7.1': { title: 'Open space for public use and streets as a share of the built-up area, and access to it', measures: 'The share of the city that is streets and open public space, and the share of the population within 400 m walking distance of an open public space (UN-Habitat, SDG metadata 11.7.1).' },
  '1.4.2': { title: 'Adults with legally documented and with perceived-secure land rights', measures: 'The share of adults with legally recognised documentation of their rights to land, and of those who perceive their rights as secure (World Bank, UN-Habitat, FAO, SDG metadata 1.4.2). Weighted survey estimates with linearised standard errors.' },
  degurba: { title: 'Degree of Urbanisation', measures: 'The 1 km grid classified into urban centres, urban clusters and rural cells by population density, contiguity and size (UN Statistical Commission 2020, GHSL Data Package 2023): where the cities the urban indicators are about are.' },
};

const CHOICES: Readonly<Record<string, (value: string) => string>> = {
  lcr: (v) => (v === 'official' ? 'land consumption rate as (V_present − V_past) ÷ V_past ÷ years (official metadata)' : 'land consumption rate as ln(V_present ÷ V_past) ÷ years (the older training-module form)'),
  delineation: (v) => (v === 'user-zones' ? 'city boundaries as given by the user' : `city boundaries: ${v}`),
  boundary: (v) => (v === 'fixed' ? 'the same boundary at every epoch' : `boundary: ${v}`),
  coverage: (v) => (v === 'fraction' ? 'cells partially inside a zone count by their exactly covered fraction' : `cells counted by ${v}`),
  'built-unit': (v) => `built-up rasters hold ${v === 'm2' ? 'square metres of built-up surface per cell' : v === 'mask' ? 'a built-up mask' : `a built-up ${v}`}`,
  distance: (v) => (v === 'network' ? 'walking distance along the street network' : 'straight-line distance'),
  'low-capacity-m': (v) => `low-capacity stops serve ${v} m`,
  'high-capacity-m': (v) => `high-capacity stops serve ${v} m`,
  'access-m': (v) => `an open space serves ${v} m`,
  'max-snap-m': (v) => `stops and cells farther than ${v} m from a street are not connected`,
  'snap-offset': (v) => (v === 'add' ? 'the distance from a stop or cell to its street is added to the walk' : `snap offset: ${v}`),
  'served-rule': (v) => (v === 'cell-centre' ? 'a population cell is served when its centre is within reach' : `served when: ${v}`),
  'service-filter': (v) => (v === 'none' ? 'every stop counts, whatever its frequency' : `only stops with service ${v}`),
  las: (v) => `land allocated to streets measured by ${v}`,
  denominator: (v) => (v === 'zone-area' ? 'shares of the whole zone area' : `shares of the ${v}`),
  filter: (v) => `open spaces kept where ${v}`,
  validated: (v) => `validated spaces from ${v}`,
  'street-width': (v) => `street widths from ${v}`,
  buffer: (v) => `street lines widened with ${v.replace(/-/g, ' ')}`,
  assessed: (v) => `deprivations assessed: ${v.split('+').join(', ')}`,
  'persons-per-room-max': (v) => `sufficient living area: at most ${v} persons per room`,
  'housing-cost-share-max': (v) => `affordable when housing costs at most ${Number(v) * 100} % of income`,
  'missing-policy': (v) => (v === 'flag' ? 'households with a missing component are kept and flagged' : `missing components: ${v}`),
  'lonely-psu': (v) => `strata with a single PSU: ${v}`,
  'adult-age': (v) => `adults are ${v} years and older`,
  'legal-documents': (v) => `legally recognised documents: codes ${v.split('+').join(', ')}`,
};

/** COMMENT_OBS `key=value; …` → sentences (unknown keys as they are). */
export function describeChoices(comment: string | undefined): string[] {
  if (!comment) return [];
  return comment.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    const value = at < 0 ? '' : part.slice(at + 1);
    return CHOICES[key]?.(value) ?? part;
  });
}

/** Metadata concepts shown in a report, in this order. */
export const CONCEPTS = ['SDG_SERIES_DESCR', 'SDG_CUSTODIAN_AGENCIES', 'SOURCE_TYPE', 'COLL_METHOD', 'REG_AGG', 'META_LAST_UPDATE', 'OTHER_DOC', 'DATA_VALIDATION'] as const;
