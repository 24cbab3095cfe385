/**
 * node:util parseArgs refuses `--spreadsheet -1AbC…` as ambiguous, yet Google IDs (and
 * file names) may start with "-": bind every value option to its value first.
 * @example bindValues(['--spreadsheet', '-x1'], new Set(['spreadsheet'])) // ['--spreadsheet=-x1']
 */
export function bindValues(argv: readonly string[], valueOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && valueOptions.has(name) && i + 1 < argv.length) {
      out.push(`${arg}=${argv[++i]}`);
    } else out.push(arg);
  }
  return out;
}

/** Names of the string options of a parseArgs options object. */
export function valueOptionNames(options: Record<string, { type: string }>): Set<string> {
  return new Set(
    Object.entries(options)
      .filter(([, o]) => o.type === 'string')
      .map(([k]) => k),
  );
}
