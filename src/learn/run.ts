/**
 * `urban-sdg learn [INDICATOR] [--lang en|fr|es]`: the steps of UN-Habitat's "learn how to measure"
 * module for an indicator, each with what is done, why (after the UN metadata), the formula, the demo
 * city's numbers and, where it helps, a small picture; without INDICATOR, the list.
 */
import chalk from 'chalk';
import type { Clock } from '../metadata/build.js';
import { describeList, UsageError } from '../errors.js';
import { CATALOGUES, fill, type Language } from './catalogue.js';
import { computeSteps, LEARN_INDICATORS, type LearnIndicator } from './steps.js';

export interface LearnEnvironment {
  readonly writeOut: (text: string) => void;
  readonly interactive: boolean;
  readonly clock: Clock;
  readonly version: string;
}

/** Aliases as the other subcommands have them. */
const ALIASES: Readonly<Record<string, LearnIndicator>> = { slums: '11.1.1', transit: '11.2.1', 'land-consumption': '11.3.1', 'public-space': '11.7.1', tenure: '1.4.2' };

export async function runLearn(indicator: string | undefined, lang: Language, env: LearnEnvironment): Promise<void> {
  const text = CATALOGUES[lang];
  if (indicator === undefined) {
    const lines = [chalk.bold(text.ui.menuTitle), '', text.ui.menuHint, ...LEARN_INDICATORS.map((code) => `  ${code.padEnd(8)} ${text.indicators[code].title}`), ''];
    env.writeOut(lines.join('\n'));
    return;
  }
  const code = (LEARN_INDICATORS as readonly string[]).includes(indicator) ? (indicator as LearnIndicator) : ALIASES[indicator];
  if (!code) throw new UsageError(`INDICATOR: expected one of ${describeList([...LEARN_INDICATORS])}, found ${JSON.stringify(indicator.slice(0, 40))}`);
  const module = text.indicators[code];
  const steps = await computeSteps(code, lang, text, { version: env.version, clock: env.clock, writeOut: () => {}, writeErr: () => {}, interactive: false });
  const out: string[] = [chalk.bold(`${code} ${module.title}`), chalk.dim(fill(text.ui.source, { source: module.source })), ''];
  steps.forEach((step, k) => {
    const s = module.steps[step.key];
    const sep = text.ui.sep;
    out.push(chalk.bold(`${fill(text.ui.step, { n: String(k + 1), total: String(steps.length) })}${sep}${s.title}`));
    out.push(`  ${chalk.cyan(text.ui.what)}${sep}${s.what}`);
    out.push(`  ${chalk.cyan(text.ui.why)}${sep}${s.why}`);
    out.push(`  ${chalk.cyan(text.ui.formula)}${sep}${s.formula}`);
    out.push(`  ${chalk.cyan(text.ui.numbers)}${sep.trimEnd()}`);
    for (const row of step.rows) out.push(`    ${fill(s.numbers, row)}`);
    if (step.picture) out.push(`  ${chalk.cyan(s.picture ?? '')}`, ...step.picture);
    out.push('');
  });
  out.push(chalk.dim(fill(text.ui.next, { code })), '');
  env.writeOut(out.join('\n'));
}
