import { createSeededRandom } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';
import type { SandboxFault, SandboxFaultHandle } from './sandbox-types.js';

interface ActiveFault {
  readonly fault: SandboxFault;
  /** Hits left; undefined = unlimited. */
  remaining: number | undefined;
}

/** Rejects faults that could never behave as the caller expects, at the moment they are added. */
function validateFault(fault: SandboxFault): void {
  if (fault.probability !== undefined && !(fault.probability >= 0 && fault.probability <= 1)) {
    throw new RangeError(`fault probability must be within 0..1, got ${fault.probability}`);
  }
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 0)) {
    throw new RangeError(`fault times must be a non-negative integer, got ${fault.times}`);
  }
  if (fault.kind === 'status' && fault.status !== undefined && ![500, 502, 503, 504].includes(fault.status)) {
    throw new RangeError(`a 'status' fault answers 500, 502, 503 or 504, got ${fault.status}`);
  }
}

/**
 * The faults of a sandbox and the seeded draw that decides whether a request is hit. The order of
 * requests fully determines the outcome, so a test with the same seed sees the same faults.
 */
export class FaultRegistry {
  readonly #seed: number;
  readonly #initial: readonly SandboxFault[];
  #random: SeededRandom;
  #active: ActiveFault[] = [];

  constructor(seed: number, initial: readonly SandboxFault[]) {
    initial.forEach(validateFault);
    this.#seed = seed;
    this.#initial = initial;
    // A distinct stream from the data generator, so adding a fault never changes the records.
    this.#random = createSeededRandom(seed ^ 0x5eed_fa17);
    this.reset();
  }

  /** Adds a fault; the handle removes exactly this one. */
  add(fault: SandboxFault): SandboxFaultHandle {
    validateFault(fault);
    const active: ActiveFault = { fault, remaining: fault.times };
    this.#active.push(active);
    return {
      remove: () => {
        this.#active = this.#active.filter((entry) => entry !== active);
      },
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.#active = [];
  }

  /** Back to the faults given at start, with the generator re-seeded. */
  reset(): void {
    this.#random = createSeededRandom(this.#seed ^ 0x5eed_fa17);
    this.#active = this.#initial.map((fault) => ({ fault, remaining: fault.times }));
  }

  /** The first fault that hits a request to `path`, consuming one of its `times`. */
  draw(path: string): SandboxFault | undefined {
    for (const active of this.#active) {
      const { fault } = active;
      if (active.remaining === 0) continue;
      if (fault.route !== undefined && !(typeof fault.route === 'string' ? path.includes(fault.route) : fault.route.test(path))) continue;
      const probability = fault.probability ?? 1;
      if (probability < 1 && this.#random.next() >= probability) continue;
      if (active.remaining !== undefined) active.remaining -= 1;
      if (active.remaining === 0) this.#active = this.#active.filter((entry) => entry !== active);
      return fault;
    }
    return undefined;
  }
}
