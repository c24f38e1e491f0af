/**
 * SDMX-ML 2.1 structure-specific data (the message SDMX registries and sdg-build import): one Series
 * per series key of the SDG DSD 1.14 with its series-level attributes, one Obs per period with the
 * observation-level ones, as the DSD attaches them. The same records as SDMX-CSV (sdmx-csv.ts).
 * The header's Prepared time is SOURCE_DATE_EPOCH when set, else 1970-01-01 (output stays reproducible).
 */
import { createHash } from 'node:crypto';
import type { IndicatorOutput } from '../../core/observation.js';
import { SDMX_ATTRIBUTES, SDMX_DIMENSIONS, toSdmxRecords, type SdmxOptions, type SdmxRecord } from './sdmx-csv.js';
import { escapeXml } from '../../core/xml-text.js';

/** Attributes the SDG DSD 1.14 attaches to the series (their relationship names dimensions), not to each observation (= the vendored DSD's, a test checks). */
export const SERIES_ATTRIBUTES = new Set(['UNIT_MEASURE', 'COMMENT_TS', 'GEO_INFO_URL', 'GEO_INFO_TYPE', 'CUST_BREAKDOWN_LB', 'DATA_LAST_UPDATE']);
export const SDG_DSD = { agency: 'IAEG-SDGs', id: 'SDG', version: '1.14' } as const;
/** The namespace of the DSD-specific types (dimension at the observation: TIME_PERIOD). */
export const SDG_DSD_NAMESPACE = `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${SDG_DSD.agency}:${SDG_DSD.id}(${SDG_DSD.version}):ObsLevelDim:TIME_PERIOD`;

const NS = {
  message: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  common: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
  ss: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};


const attributesOf = (entries: [string, string | undefined][]) => entries.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');

export function formatSdmxMl(output: IndicatorOutput, options: SdmxOptions): string {
  const records = toSdmxRecords(output, options);
  const series = new Map<string, SdmxRecord[]>();
  for (const r of records) {
    const key = SDMX_DIMENSIONS.map((d) => r.dimensions[d]).join('.');
    const members = series.get(key);
    if (members) members.push(r);
    else series.set(key, [r]);
  }
  const structureId = `${SDG_DSD.agency}_${SDG_DSD.id}_${SDG_DSD.version.replace('.', '_')}`;
  const lines: string[] = [];
  for (const members of series.values()) {
    const first = members[0];
    const seriesLevel = SDMX_ATTRIBUTES.filter((a) => SERIES_ATTRIBUTES.has(a)).map((a) => [a, first.attributes[a]] as [string, string | undefined]);
    lines.push(`    <Series${attributesOf(SDMX_DIMENSIONS.map((d) => [d, first.dimensions[d]]))}${attributesOf(seriesLevel)}>`);
    for (const r of members) {
      const obsLevel = SDMX_ATTRIBUTES.filter((a) => !SERIES_ATTRIBUTES.has(a)).map((a) => [a, r.attributes[a]] as [string, string | undefined]);
      lines.push(`      <Obs TIME_PERIOD="${r.timePeriod}"${r.value === null ? '' : ` OBS_VALUE="${r.value}"`}${attributesOf(obsLevel)}/>`);
    }
    lines.push('    </Series>');
  }
  const body = lines.join('\n');
  // A stable message id: the content's hash, so the same inputs give the same file.
  const id = `URBAN_SDG_${createHash('sha256').update(body).digest('hex').slice(0, 16).toUpperCase()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="${NS.message}" xmlns:common="${NS.common}" xmlns:ss="${NS.ss}" xmlns:ns1="${SDG_DSD_NAMESPACE}" xmlns:xsi="${NS.xsi}">
  <message:Header>
    <message:ID>${id}</message:ID>
    <message:Test>false</message:Test>
    <message:Prepared>${options.dataLastUpdate ?? '1970-01-01T00:00:00Z'}</message:Prepared>
    <message:Sender id="urban-sdg"/>
    <message:Structure structureID="${structureId}" namespace="${SDG_DSD_NAMESPACE}" dimensionAtObservation="TIME_PERIOD">
      <common:Structure>
        <Ref agencyID="${SDG_DSD.agency}" id="${SDG_DSD.id}" version="${SDG_DSD.version}"/>
      </common:Structure>
    </message:Structure>
  </message:Header>
  <message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="${structureId}">
${body}
  </message:DataSet>
</message:StructureSpecificData>
`;
}
