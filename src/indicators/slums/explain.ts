/** `--explain` for 11.1.1: how the first urban households are classified, component by component. */
import type { RunLog } from '../../core/inputs.js';
import type { Microdata } from '../../core/microdata.js';
import type { MicrodataConfig } from '../survey-common.js';
import { MISSING, type Component, type HouseholdFlags } from './deprivations.js';

const RULES: Record<Component, string> = {
  water: 'lacks improved water when the source code is not in codes.improvedWater',
  sanitation: 'lacks improved sanitation when the facility code is not in codes.improvedSanitation',
  livingArea: 'overcrowded when persons / rooms > personsPerRoomMax (exactly the maximum is not)',
  durability: 'non-durable unless wall, roof and floor are all in the durable code lists',
  tenure: 'insecure when the tenure code is not in codes.secureTenure',
};

export function explainHouseholds(log: RunLog, data: Microdata, flags: HouseholdFlags, count: Uint8Array, inScope: Uint8Array, assessed: readonly Component[], config: MicrodataConfig): void {
  log.explain('11.1.1 slum households (UN metadata 11.1.1): a household is a slum household when it lacks one or more of the assessed attributes.');
  for (const c of assessed) log.explain(`  ${c}: ${RULES[c]}`);
  log.explain(`Persons per room maximum ${config.thresholds.personsPerRoomMax ?? 3}. Example households:`);
  let shown = 0;
  for (let i = 0; i < data.rows && shown < 3; i++) {
    if (!inScope[i]) continue;
    shown++;
    const parts = assessed.map((c) => {
      const f = (flags.deprived[c] as Uint8Array)[i];
      return `${c} ${f === MISSING ? 'unknown' : f === 1 ? 'DEPRIVED' : 'ok'}`;
    });
    log.explain(`  row ${i + 2}: ${flags.persons[i]} persons; ${parts.join(', ')} → ${count[i] >= 1 ? 'slum household' : 'not a slum household'}`);
  }
  log.explain('Estimate: share = Σ w·persons·slum / Σ w·persons over urban households; SE by Taylor linearisation of the ratio, PSUs within strata (R svyratio).');
}
