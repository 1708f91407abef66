interface Flight {
  readonly promise: Promise<unknown>;
  readonly controller: AbortController;
  participants: number;
}

/**
 * Concurrent identical calls share one request. Each participant may abort on its own: it stops
 * waiting, and the shared request is aborted only when every participant has left.
 */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  async run<T>(key: string, signal: AbortSignal | undefined, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      const controller = new AbortController();
      const promise = (async () => task(controller.signal))();
      const created: Flight = { promise, controller, participants: 0 };
      this.#flights.set(key, created);
      // Participants that left early must not turn the shared rejection into an unhandled one.
      promise
        .catch(() => undefined)
        .finally(() => {
          if (this.#flights.get(key) === created) this.#flights.delete(key);
        });
      flight = created;
    }
    return this.#join(flight, signal) as Promise<T>;
  }

  get size(): number {
    return this.#flights.size;
  }

  async #join(flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.participants += 1;
    if (signal === undefined) {
      try {
        return await flight.promise;
      } finally {
        flight.participants -= 1;
      }
    }
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        flight.promise,
        new Promise<never>((_resolve, reject) => {
          onAbort = () => {
            reject(signal.reason as Error);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
      flight.participants -= 1;
      if (flight.participants === 0 && signal.aborted) flight.controller.abort(signal.reason);
    }
  }
}
