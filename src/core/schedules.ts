/** A value decaying linearly from `start` at progress 0 to `start·end` at progress 1 (SB3's `linear_schedule`). */
export function linearSchedule(start: number, progress: number, endFraction = 0): number {
  const p = Math.min(1, Math.max(0, progress));
  return start * (1 - p * (1 - endFraction));
}
