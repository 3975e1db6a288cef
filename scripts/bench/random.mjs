// A seeded generator so the same --seed always yields byte-identical DDL: benchmark runs on
// different days (or machines) then measure the very same schema.

/**
 * mulberry32: tiny, fast, and good enough to pick column types; not for anything secret.
 *
 * @example
 * const rnd = seededRandom(42);
 * rnd.int(2, 4); // 3, the same on every run with seed 42
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max], both included. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}
