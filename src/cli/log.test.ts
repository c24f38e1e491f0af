/** Progress in a log (not a terminal): a plain line at most every 10 s; nothing for a short run or with --quiet. */
import { describe, expect, it } from 'vitest';
import { createStderrLog } from './log.js';

describe('progress in a log', () => {
  it('prints a plain line at most every 10 s, with the elapsed time, and nothing with --quiet', () => {
    let time = 0;
    const lines: string[] = [];
    const log = createStderrLog({ quiet: false, explain: false, interactive: false, write: (t) => lines.push(t.replace(/\x1b\[[0-9;]*m/g, '')), now: () => time });
    for (let done = 1; done <= 40; done++) {
      time += 1_000;
      log.progress('zones', done, 40);
    }
    expect(lines).toEqual(['progress zones 10/40 (10 s)\n', 'progress zones 20/40 (20 s)\n', 'progress zones 30/40 (30 s)\n', 'progress zones 40/40 (40 s)\n']);
    const quiet: string[] = [];
    const silent = createStderrLog({ quiet: true, explain: false, interactive: false, write: (t) => quiet.push(t), now: () => (time += 20_000) });
    silent.progress('zones', 1, 2);
    expect(quiet).toEqual([]);
  });
});
