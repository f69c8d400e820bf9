import { bounded } from '#common';

/**
 * Waits for `drained` (the running jobs ending) at most `graceMs`. If they have not all ended
 * by then, calls `onGraceOver` (which stops the rest) and waits for `drained` again. Resolves
 * true when everything ended within the grace, false when `onGraceOver` had to act.
 */
export async function drainWithin(drained: Promise<unknown>, graceMs: number, onGraceOver: () => void): Promise<boolean> {
  const settled = drained.then(
    () => true,
    () => true,
  );
  if (await bounded(settled, graceMs, { orElse: false })) return true;
  onGraceOver();
  await settled;
  return false;
}
