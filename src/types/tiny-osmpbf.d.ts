/** tiny-osmpbf ships no types: it parses a whole .osm.pbf buffer into OSM JSON elements. */
declare module 'tiny-osmpbf' {
  function tinyosmpbf(data: Uint8Array): unknown;
  export default tinyosmpbf;
}
