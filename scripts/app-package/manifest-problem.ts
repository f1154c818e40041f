/** One thing wrong with the app package, named by the manifest field (or package file) it is about. */
export interface ManifestProblem {
  /** `bots[0].botId`, `icons.color`, `validDomains`, or a file name such as `outline.png`. */
  field: string;
  message: string;
}

export class AppPackageError extends Error {
  constructor(
    readonly problems: readonly ManifestProblem[],
    where: string,
  ) {
    super(`${where}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}
