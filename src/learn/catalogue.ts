/**
 * The walk-through's text, per language, in catalogues (catalogues/en.json, fr.json, es.json): the
 * code holds only keys and numbers. `{name}` placeholders are filled with numbers formatted for the
 * language (Intl.NumberFormat: 1,234.5 in English, 1 234,5 in French, 1234,5 in Spanish).
 */
import en from './catalogues/en.json' with { type: 'json' };
import es from './catalogues/es.json' with { type: 'json' };
import fr from './catalogues/fr.json' with { type: 'json' };

export type Language = 'en' | 'fr' | 'es';

export interface StepText {
  readonly title: string;
  readonly what: string;
  readonly why: string;
  readonly formula: string;
  readonly numbers: string;
  /** The caption of the step's picture, where it has one. */
  readonly picture?: string;
}

export interface Catalogue {
  readonly ui: Readonly<Record<'menuTitle' | 'menuHint' | 'step' | 'what' | 'why' | 'formula' | 'numbers' | 'source' | 'next' | 'sep', string>>;
  readonly indicators: Readonly<Record<string, { readonly title: string; readonly source: string; readonly steps: Readonly<Record<string, StepText>> }>>;
  readonly components: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, string>>;
  readonly distance: Readonly<Record<string, string>>;
}

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, fr, es };

/** A template with its `{name}` placeholders filled; a missing value is a bug in the step, not the user's. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`learn: no value for {${name}} in "${template}"`);
    return values[name];
  });
}

/** Numbers as the language writes them, with `digits` decimals. */
export function createNumberFormat(lang: Language): (value: number, digits: number) => string {
  const formats = new Map<number, Intl.NumberFormat>();
  return (value, digits) => {
    if (!formats.has(digits)) formats.set(digits, new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return (formats.get(digits) as Intl.NumberFormat).format(value);
  };
}
