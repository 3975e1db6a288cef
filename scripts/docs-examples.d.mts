/** Types of scripts/docs-examples.mjs, for test/docs/examples.test.ts. */
export interface ExampleCommand {
  readonly text: string;
  readonly kind: 'pgdrift' | 'status';
  readonly args?: readonly string[];
}
export interface Example {
  readonly file: string;
  readonly line: number;
  readonly label: string;
  readonly commands: readonly ExampleCommand[];
  readonly documented: string;
  readonly bodyStart: number;
  readonly bodyEnd: number;
}
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
export const repoRoot: string;
export function documentedFiles(root?: string): string[];
export function findExamples(file: string, root?: string): Example[];
export function exampleWorkdir(root?: string): string;
export function runCli(args: readonly string[], env?: Record<string, string>, cwd?: string): Promise<RunResult>;
export function renderExample(example: Example, run: (args: readonly string[], cwd: string) => Promise<RunResult>, cwd: string): Promise<string>;
export function normalise(text: string, cwd?: string): string;
