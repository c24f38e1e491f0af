/**
 * The SDG code lists (SDG global DSD 1.14, vendored by fixtures/sdmx/make_code_lists.py): the
 * dimensions and attributes in DSD order, the mandatory attributes, and the codes of each coded
 * component. What the validator and the SDMX writers check codes against.
 */
import lists from './sdg-code-lists.json' with { type: 'json' };

export interface SdgCodeLists {
  readonly source: string;
  /** The DSD the lists come from: IAEG-SDGs:SDG(1.14). */
  readonly dsd: { readonly agency: string; readonly id: string; readonly version: string };
  readonly dimensions: readonly string[];
  readonly attributes: readonly string[];
  /** Attributes the DSD attaches to a series (the rest belong to each observation). */
  readonly seriesAttributes: readonly string[];
  readonly mandatoryAttributes: readonly string[];
  readonly codeLists: Readonly<Record<string, { readonly codelist: string; readonly codes: readonly string[] }>>;
  /** Series urban-sdg writes that the DSD's CL_SERIES does not hold (their codes are unverified). */
  readonly seriesNotInCodeList: readonly string[];
}

export const SDG_CODE_LISTS: SdgCodeLists = lists;

const sets = new Map<string, Set<string>>();

/** Whether `code` is in the code list of a dimension or attribute (true when the component is not coded). */
export function isKnownCode(component: string, code: string): boolean {
  const list = SDG_CODE_LISTS.codeLists[component];
  if (!list) return true;
  let set = sets.get(component);
  if (!set) {
    set = new Set(list.codes);
    sets.set(component, set);
  }
  return set.has(code);
}
