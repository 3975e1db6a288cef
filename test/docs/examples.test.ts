import { rmSync } from 'node:fs';
import { documentedFiles, exampleWorkdir, findExamples, normalise, renderExample } from '../../scripts/docs-examples.mjs';
import { repoRoot, runCli } from '../helpers/cli.js';

/*
 * Every output marked `<!-- example: … -->` in README.md and docs/*.md is the real tool's: each
 * marked block's `$ npx pgdrift …` lines are run against dist/ (as scripts/docs-examples.mjs
 * runs them) and the block must read exactly as the commands print now. When this fails,
 * `node scripts/docs-examples.mjs --write` rewrites the blocks; review the diff.
 *
 * Normalised on both sides, because they differ from run to run and say nothing about the
 * tool: the scratch folder an example runs in, and ISO timestamps. Nothing else: timings,
 * counts, ordering and wording must match character for character. In a failure, "Expected"
 * is the real output and "Received" the documented one.
 */

const examples = documentedFiles(repoRoot).flatMap((file) => findExamples(file, repoRoot));

describe('documented examples', () => {
  it('the README has generated examples', () => {
    expect(examples.filter((e) => e.file === 'README.md').length).toBeGreaterThanOrEqual(2);
  });

  // One at a time: each replays migrations or builds PGlite databases, and the machine is shared.
  it.each(examples.map((e) => [`${e.file}:${e.line} ${e.label}`, e] as const))('%s', async (_name, example) => {
    const cwd = exampleWorkdir(repoRoot);
    try {
      const real = await renderExample(example, (args, dir) => runCli(args, {}, dir), cwd);
      expect(normalise(example.documented)).toBe(normalise(real, cwd));
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 180_000);
});
