/**
 * The results a report is made of: indicator outputs (`--format json`), degurba summaries, and batch
 * folders (their units/*.json, with each unit's options from plan.json). The inputs a map needs are
 * found from provenance, relative to --inputs-dir or else the result's folder and the working
 * directory, and used only when their SHA-256 is the one recorded: a map is never drawn from data
 * other than the data the numbers came from.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { IndicatorOutput, InputDescription } from '../core/observation.js';
import { describeFound, InputError } from '../errors.js';
import { computeInputSha256 } from '../io/open-inputs.js';

export interface DegurbaSummary {
  readonly tool: 'degurba';
  readonly method: string;
  readonly level?: number;
  readonly classes?: readonly { readonly code: number; readonly name: string; readonly cells: number; readonly population: number | null; readonly areaKm2: number }[];
  readonly provenance: IndicatorOutput['provenance'];
}

export interface ReportEntry {
  /** The result file as given (or folder/units/ID.json). */
  readonly source: string;
  readonly output: IndicatorOutput | DegurbaSummary;
  /** Folders the input paths of provenance are relative to, tried in order. */
  readonly inputRoots: readonly string[];
  /** The unit's options in a batch plan (its --zone-id, --capacity-field, …). */
  readonly options: Readonly<Record<string, unknown>>;
}

export function isDegurba(output: ReportEntry['output']): output is DegurbaSummary {
  return (output as DegurbaSummary).tool === 'degurba';
}

const MAX_RESULT_BYTES = 512 * 1024 * 1024;

async function readResult(path: string): Promise<ReportEntry['output']> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new InputError(`${path}: not found (expected a result file: urban-sdg … --format json, or a batch --out folder)`);
  if (info.size > MAX_RESULT_BYTES) throw new InputError(`${path}: ${info.size} bytes (expected a result file of at most 512 MB)`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: expected JSON (urban-sdg … --format json), found text that is not JSON (${(error as Error).message.slice(0, 80)})`);
  }
  const v = value as Partial<IndicatorOutput> & Partial<DegurbaSummary>;
  if (v && typeof v === 'object' && v.tool === 'degurba' && typeof v.provenance === 'object') return v as DegurbaSummary;
  if (!v || typeof v !== 'object' || typeof v.indicator !== 'string' || !Array.isArray(v.observations) || typeof v.provenance !== 'object' || v.provenance === null || !Array.isArray(v.provenance.inputs)) {
    throw new InputError(`${path}: expected an urban-sdg JSON result (indicator, observations, provenance), found ${describeFound(value)}`);
  }
  v.provenance.inputs.forEach((input, k) => {
    if (typeof input?.role !== 'string' || typeof input.path !== 'string' || !(input.sha256 === null || input.sha256 === undefined || typeof input.sha256 === 'string')) {
      throw new InputError(`${path} provenance input ${k}: expected role, path and sha256, found ${describeFound(input)}`);
    }
  });
  v.observations.forEach((o, k) => {
    if (typeof o?.zone !== 'string' || typeof o.series !== 'string' || typeof o.timePeriod !== 'string' || !(o.value === null || typeof o.value === 'number')) {
      throw new InputError(`${path} observation ${k}: expected zone, series, timePeriod and a numeric or null value, found ${describeFound(o)}`);
    }
  });
  return v as IndicatorOutput;
}

interface PlanUnit {
  readonly id: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

async function readBatchFolder(folder: string, roots: readonly string[]): Promise<ReportEntry[]> {
  const names = (await readdir(join(folder, 'units'))).filter((n) => n.endsWith('.json')).sort();
  if (names.length === 0) throw new InputError(`${folder}/units: no unit results (expected the --out folder of a batch that computed some units)`);
  const plan = await readFile(join(folder, 'plan.json'), 'utf8').then((t) => JSON.parse(t) as { units?: PlanUnit[] }, () => ({ units: [] as PlanUnit[] }));
  const options = new Map((plan.units ?? []).map((u) => [u.id, u.options ?? {}]));
  const entries: ReportEntry[] = [];
  for (const name of names) {
    const source = join(folder, 'units', name);
    entries.push({ source, output: await readResult(source), inputRoots: roots, options: options.get(name.replace(/\.json$/, '')) ?? {} });
  }
  return entries;
}

export async function loadResults(paths: readonly string[], inputsDir: string | undefined): Promise<ReportEntry[]> {
  if (inputsDir !== undefined && !(await stat(inputsDir).then((s) => s.isDirectory(), () => false))) {
    throw new InputError(`--inputs-dir ${inputsDir}: not a folder (expected the folder the run or the batch manifest was in)`);
  }
  const entries: ReportEntry[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const isBatch = await stat(join(path, 'units')).then((s) => s.isDirectory(), () => false);
      if (!isBatch) throw new InputError(`${path}: is a folder without units/ (expected a result file or a batch --out folder)`);
      // A batch's paths are relative to its manifest's folder, which the folder does not record.
      entries.push(...(await readBatchFolder(path, inputsDir ? [inputsDir] : [process.cwd()])));
      continue;
    }
    entries.push({ source: path, output: await readResult(path), inputRoots: inputsDir ? [inputsDir] : [...new Set([dirname(resolve(path)), process.cwd()])], options: {} });
  }
  return entries;
}

/** An input found for a map, or why it was not. */
export type Located = { readonly path: string } | { readonly missing: string };

/** SHA-256 of the inputs already hashed, by path and what identifies the file's content (a file changed since is hashed again). */
const hashes = new Map<string, Promise<string | null>>();

/** The recorded input on this machine: under one of the roots, with the recorded SHA-256. */
export async function locateInput(entry: ReportEntry, input: InputDescription): Promise<Located> {
  if (/^https?:\/\//i.test(input.path)) return { missing: `${input.path} is remote (maps are drawn from local files only)` };
  if (input.sha256 === null) return { missing: `${input.path}: the run recorded no SHA-256 (--no-hash), so the file cannot be checked to be the one its numbers came from` };
  for (const root of entry.inputRoots) {
    const path = resolve(root, input.path);
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const key = [path, info.size, info.mtimeMs, info.ctimeMs, info.ino].join('|');
    if (!hashes.has(key)) hashes.set(key, computeInputSha256(path).then((h) => h.sha256, () => null));
    if ((await hashes.get(key)) === input.sha256) return { path };
    return { missing: `${input.path} has changed since the run (its SHA-256 is not the one recorded)` };
  }
  return { missing: `${input.path} not found under ${entry.inputRoots.join(' or ')} (give --inputs-dir: the folder the run was made from)` };
}
