/**
 * Repeated warnings, summarised for the terminal: 100 zones with the same problem print one line
 * with the count and the first few zone ids, not 100 lines. Every warning stays in the output
 * (`provenance.warnings`, and the zones' `flags`).
 */
const ZONE = /zone ("(?:[^"\\]|\\.)*")/;
const SHOWN = 3;

export function summariseWarnings(warnings: readonly string[]): string[] {
  const groups = new Map<string, { first: string; zones: string[] }>();
  const order: string[] = [];
  for (const warning of warnings) {
    const zone = ZONE.exec(warning);
    const key = zone ? warning.replace(ZONE, 'zone …') : warning;
    let group = groups.get(key);
    if (!group) {
      group = { first: warning, zones: [] };
      groups.set(key, group);
      order.push(key);
    }
    if (zone) group.zones.push(zone[1]);
  }
  return order.map((key) => {
    const { first, zones } = groups.get(key) as { first: string; zones: string[] };
    if (zones.length <= 1) return first;
    const named = zones.slice(0, SHOWN).join(', ');
    return `${zones.length} zones: ${key} (zones ${named}${zones.length > SHOWN ? ` … and ${zones.length - SHOWN} more` : ''})`;
  });
}
