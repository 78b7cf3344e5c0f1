/**
 * What a Markdown page documents, as lists a move can be checked against: its headings, its inline code spans
 * (routes, keys, commands, codes, file names), the `/local/api/…` routes it names and the lines of its shell
 * examples. test/unit/docs-complete.test.ts uses it to show that the README's move into docs/ lost nothing.
 */
export interface DocItems {
  headings: string[];
  spans: string[];
  routes: string[];
  commands: string[];
}

const FENCE = /^```/;

export function docItems(markdown: string): DocItems {
  const headings: string[] = [];
  const commands: string[] = [];
  const prose: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) {
      fence = fence === undefined ? line.slice(3).trim() : undefined;
      continue;
    }
    if (fence === 'sh') {
      if (line.trim()) commands.push(line.trim());
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (heading) headings.push(heading[1].trim());
    prose.push(line);
  }
  const text = prose.join('\n');
  const unique = (list: string[]) => [...new Set(list)];
  return {
    headings: unique(headings),
    spans: unique([...text.matchAll(/`([^`]+)`/g)].map((m) => squash(m[1]))),
    routes: unique([...markdown.matchAll(/\/local\/api\/[\w/-]*[\w]/g)].map((m) => m[0])),
    commands: unique(commands),
  };
}

/** Runs of white space as one space, so that a re-wrapped line still matches. */
export const squash = (text: string) => text.replace(/\s+/g, ' ');
