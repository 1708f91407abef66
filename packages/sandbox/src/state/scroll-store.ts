import type { StoredRecord } from '../data/log-records.js';

/** One open scroll over one table: the matched rows and how far the client has read. */
export interface ScrollCursor {
  readonly scrollId: string;
  readonly tableId: string;
  readonly rows: readonly StoredRecord[];
  position: number;
}

/** A `raw_with_scroll` export: one cursor per slice of every table. */
export interface SliceSession {
  readonly traceId: string;
  readonly slices: readonly (ScrollCursor & { readonly sliceIndex: number; readonly sliceMax: number })[];
}

/** Open unify-query scrolls (`query/ts/raw` with `scroll`) and slice exports (`raw_with_scroll`). */
export class ScrollStore {
  readonly cursors = new Map<string, ScrollCursor>();
  /** Keyed by the request body without its paging keys, as unify-query keys its export cache. */
  readonly sliceSessions = new Map<string, SliceSession>();

  reset(): void {
    this.cursors.clear();
    this.sliceSessions.clear();
  }
}
