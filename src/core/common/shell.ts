/**
 * Words as a POSIX shell reads them back: the command lines mlx-solve shows (the configurator's
 * equivalent command, the CLI's note of a project file's defaults) can be pasted as they are.
 */

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
