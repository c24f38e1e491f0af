/**
 * The DSD-specific XML schema that SDMX tools generate for structure-specific data (types derived by
 * restriction from the SDMX 2.1 base types, one attribute per dimension and DSD attribute), so that
 * xmllint can check a message against the official SDMX-ML 2.1 schemas. Test support only.
 */
import { SDG_CODE_LISTS } from '../metadata/code-lists.js';

export function buildSdgStructureSchema(namespace: string, schemasFolder: string): string {
  const { dimensions, attributes, seriesAttributes } = SDG_CODE_LISTS;
  const attribute = (name: string, use: 'required' | 'optional', type = 'xs:string') => `        <xs:attribute name="${name}" type="${type}" use="${use}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns="${namespace}" targetNamespace="${namespace}" elementFormDefault="unqualified" attributeFormDefault="unqualified">
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" schemaLocation="${schemasFolder}/SDMXMessage.xsd"/>
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific" schemaLocation="${schemasFolder}/SDMXDataStructureSpecific.xsd"/>
  <xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" schemaLocation="${schemasFolder}/SDMXCommon.xsd"/>
  <xs:complexType name="DataSetType">
    <xs:complexContent>
      <xs:restriction base="ss:DataSetType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
          <xs:element name="DataProvider" type="common:DataProviderReferenceType" form="unqualified" minOccurs="0"/>
          <xs:element name="Series" type="SeriesType" form="unqualified" maxOccurs="unbounded"/>
        </xs:sequence>
      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="SeriesType">
    <xs:complexContent>
      <xs:restriction base="ss:SeriesType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
          <xs:element name="Obs" type="ObsType" form="unqualified" maxOccurs="unbounded"/>
        </xs:sequence>
        <xs:attribute name="TIME_PERIOD" use="prohibited"/>
        <xs:attribute name="REPORTING_YEAR_START_DAY" use="prohibited"/>
${dimensions.map((d) => attribute(d, 'required')).join('\n')}
${seriesAttributes.map((a) => attribute(a, 'optional')).join('\n')}
      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="ObsType">
    <xs:complexContent>
      <xs:restriction base="ss:ObsType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
        </xs:sequence>
        <xs:attribute name="type" use="prohibited"/>
        <xs:attribute name="REPORTING_YEAR_START_DAY" use="prohibited"/>
        <xs:attribute name="TIME_PERIOD" type="common:ObservationalTimePeriodType" use="required"/>
        <xs:attribute name="OBS_VALUE" type="xs:double" use="optional"/>
${attributes.filter((a) => !seriesAttributes.includes(a)).map((a) => attribute(a, 'optional', ['UPPER_BOUND', 'LOWER_BOUND'].includes(a) ? 'xs:double' : 'xs:string')).join('\n')}
      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
</xs:schema>
`;
}
