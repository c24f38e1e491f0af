/**
 * UN SDG metadata concepts per indicator (SDG_META_CONCEPTS; docs/methods.md §14), prefilled from each
 * indicator's UN metadata file (revision dates in docs/methods.md §1). Observation-level concepts
 * (SOURCE_DETAIL, COMMENT_OBS, TIME_DETAIL) are filled per observation by the indicator.
 */

export interface IndicatorConcepts {
  readonly SDG_GOAL: string;
  readonly SDG_TARGET: string;
  readonly SDG_INDICATOR: string;
  readonly SDG_CUSTODIAN_AGENCIES: string;
  readonly META_LAST_UPDATE: string;
  readonly SOURCE_TYPE: string;
  readonly COLL_METHOD: string;
  readonly FREQ_COLL: string;
  readonly REL_CAL_POLICY: string;
  readonly REG_AGG: string;
  readonly DATA_VALIDATION: string;
  readonly OTHER_DOC: string;
}

export const INDICATOR_CONCEPTS: Readonly<Record<string, IndicatorConcepts>> = {
  '11.1.1': {
    SDG_GOAL: '11', SDG_TARGET: '11.1', SDG_INDICATOR: '11.1.1',
    SDG_CUSTODIAN_AGENCIES: 'UN-Habitat', META_LAST_UPDATE: '2021-12-20',
    SOURCE_TYPE: 'Census and household surveys (DHS, MICS); income and expenditure surveys',
    COLL_METHOD: 'Existing censuses and surveys: UIS, MICS, DHS, WHS, LSMS, CWIQ',
    FREQ_COLL: 'Every 3-5 years', REL_CAL_POLICY: 'Annual, with a 3-year review window',
    REG_AGG: 'Averages weighted by urban population (World Urbanization Prospects)',
    DATA_VALIDATION: 'https://data.unhabitat.org/pages/guidance',
    OTHER_DOC: 'https://unhabitat.org/sites/default/files/2020/06/indicator_11.1.1_training_module_adequate_housing_and_slum_upgrading.pdf',
  },
  '11.2.1': {
    SDG_GOAL: '11', SDG_TARGET: '11.2', SDG_INDICATOR: '11.2.1',
    SDG_CUSTODIAN_AGENCIES: 'UN-Habitat', META_LAST_UPDATE: '2021-09-01',
    SOURCE_TYPE: 'Stops (operators, GTFS, OpenStreetMap); street network (city, OpenStreetMap); population (census, gridded population)',
    COLL_METHOD: 'Spatial analysis of stops, street network and population',
    FREQ_COLL: 'Annual', REL_CAL_POLICY: 'Annual, with a 3-year review window',
    REG_AGG: 'Weighted by population',
    DATA_VALIDATION: 'https://data.unhabitat.org/datasets/template-for-compilation-of-sdg-indicator-11-2-1',
    OTHER_DOC: 'https://unhabitat.org/sites/default/files/2020/06/indicator_11.2.1_training_module_public_transport_system.pdf',
  },
  '11.3.1': {
    SDG_GOAL: '11', SDG_TARGET: '11.3', SDG_INDICATOR: '11.3.1',
    SDG_CUSTODIAN_AGENCIES: 'UN-Habitat', META_LAST_UPDATE: '2021-03-01',
    SOURCE_TYPE: 'Earth observation (Landsat, Sentinel or finer) and census or gridded population',
    COLL_METHOD: 'Earth observation and population data; Degree of Urbanisation delineation',
    FREQ_COLL: 'Every 5 years', REL_CAL_POLICY: 'Annual',
    REG_AGG: 'Weighted by population',
    DATA_VALIDATION: 'https://data.unhabitat.org/datasets/template-for-compilation-of-sdg-indicator-11-3-1',
    OTHER_DOC: 'https://unhabitat.org/sites/default/files/2020/07/indicator_11.3.1_training_module_land_use_efficiency_french.pdf',
  },
  '11.7.1': {
    SDG_GOAL: '11', SDG_TARGET: '11.7', SDG_INDICATOR: '11.7.1',
    SDG_CUSTODIAN_AGENCIES: 'UN-Habitat', META_LAST_UPDATE: '2021-03-01',
    SOURCE_TYPE: 'Open satellite imagery; public land records; community maps; census or gridded population; field validation',
    COLL_METHOD: 'Spatial analysis of open public space, streets and population',
    FREQ_COLL: 'Every 3-5 years, with annual database updates', REL_CAL_POLICY: 'Annual',
    REG_AGG: 'N/A',
    DATA_VALIDATION: 'https://data.unhabitat.org/datasets/template-for-compilation-of-sdg-indicator-11-7-1',
    OTHER_DOC: 'https://unhabitat.org/sites/default/files/2020/07/indicator_11.7.1_training_module_public_space.pdf',
  },
  '1.4.2': {
    SDG_GOAL: '1', SDG_TARGET: '1.4', SDG_INDICATOR: '1.4.2',
    SDG_CUSTODIAN_AGENCIES: 'UN-Habitat, World Bank', META_LAST_UPDATE: '2021-08-01',
    SOURCE_TYPE: 'Census, household surveys (LSMS, DHS round 7, MICS, UIS), land administrative records',
    COLL_METHOD: 'Household surveys and censuses with the agreed land tenure module; administrative records',
    FREQ_COLL: 'Surveys about every 3 years; census every 10 years; administrative data annually', REL_CAL_POLICY: 'No fixed release calendar',
    REG_AGG: 'NA',
    DATA_VALIDATION: 'Computed by the custodians from national survey and administrative data',
    OTHER_DOC: 'http://documents.worldbank.org/curated/en/812621505371556739/Land-tenure-module-essential-questions-for-data-collection-for-1-4-2-and-5-a-1',
  },
};

/** Method-version label recorded in provenance (docs/methods.md §2.1 `metadata-version`). */
export const METHOD_VERSION = 'UN global SDG metadata 2021 revisions';
