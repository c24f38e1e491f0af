/**
 * Halton low-discrepancy sequence (radical inverse in a prime base), as the 11.7.1 street-sampling
 * method asks (docs/methods.md §11.3: bases 2 and 3, starting at index 1).
 */
export function computeRadicalInverse(index: number, base: number): number {
  let result = 0;
  let fraction = 1 / base;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    result += (i % base) * fraction;
    fraction /= base;
  }
  return result;
}

/** Radius of a circle of `areaHa` hectares, metres (10 ha → 178.4124 m). */
export function toCircleRadiusM(areaHa: number): number {
  return Math.sqrt((areaHa * 10_000) / Math.PI);
}
