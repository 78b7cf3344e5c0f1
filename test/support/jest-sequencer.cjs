// Jest's test sequencer for this project (jest.config.js `testSequencer`): the longest file first, so that with two
// workers the longest file is not the tail of its phase (the longest-first rule). A file's time is jest's own
// record of its last run in this checkout (jest's cache) or else the table of the slowest files in
// docs/testing.md (a fresh clone has no cache: before this, the longest browser file, small on disk, started last
// and ran alone for a minute at the end). A file known in neither counts ESTIMATE_SECONDS; ties go by file size.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ESTIMATE_SECONDS = 10;

/** {absolute path: seconds} from the rows `| test/… | 12.3 s |` of docs/testing.md's "The slowest files". */
function documentedSeconds(rootDir) {
  const times = new Map();
  let text = '';
  try {
    text = fs.readFileSync(path.join(rootDir, 'docs/testing.md'), 'utf8');
  } catch {
    return times;
  }
  for (const match of text.matchAll(/^\| (test\/\S+\.test\.ts) \| ([\d.]+) s \|$/gm)) times.set(path.join(rootDir, match[1]), Number(match[2]));
  return times;
}

class LongestFirst extends Sequencer {
  sort(tests) {
    const documented = tests.length > 0 ? documentedSeconds(tests[0].context.config.rootDir) : new Map();
    const secondsOf = (test) => {
      const ms = this.time(test);
      return ms != null ? ms / 1000 : (documented.get(test.path) ?? ESTIMATE_SECONDS);
    };
    const sizeOf = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const keyed = tests.map((test) => ({ test, seconds: secondsOf(test), size: sizeOf(test) }));
    keyed.sort((a, b) => b.seconds - a.seconds || b.size - a.size);
    return keyed.map(({ test }) => test);
  }
}

module.exports = LongestFirst;
