/** The run's clock: SOURCE_DATE_EPOCH (reproducible-builds.org) when set, otherwise no timestamp at all. */
import { UsageError } from '../errors.js';
import type { Clock } from '../metadata/build.js';

export function createEnvironmentClock(env: NodeJS.ProcessEnv = process.env): Clock {
  return {
    now() {
      const epoch = env.SOURCE_DATE_EPOCH;
      if (epoch === undefined || epoch === '') return undefined;
      // Whole seconds since 1970; anything else is refused, not guessed (and never a crash).
      const seconds = Number(epoch);
      if (!/^\d{1,12}$/.test(epoch.trim()) || seconds * 1000 > 8.64e15) throw new UsageError(`SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, found ${JSON.stringify(epoch.slice(0, 40))}`);
      return new Date(seconds * 1000).toISOString();
    },
  };
}
