import type { StoredRecord } from '../data/log-records.js';

/** One open scroll over one table: the matched rows and how far the client has read. */
export interface ScrollCursor {
  readonly scrollId: string;
  readonly tableId: string;
  readonly rows: readonly StoredRecord[];
  position: number;
}

/** One slice of a `raw_with_scroll` export; `completed` once a call read nothing from it (unify-query's `StatusCompleted`). */
export interface SliceCursor extends ScrollCursor {
  readonly sliceIndex: number;
  readonly sliceMax: number;
  completed: boolean;
}

/** A `raw_with_scroll` export: one cursor per slice of every table. */
export interface SliceSession {
  readonly slices: readonly SliceCursor[];
}

/** Open unify-query scrolls (`query/ts/raw` with `scroll`) and slice exports (`raw_with_scroll`). */
export class ScrollStore {
  readonly cursors = new Map<string, ScrollCursor>();
  /** Keyed by `Bk-Query-Source` and the body without its paging keys, as unify-query keys its scroll session (user name + query). */
  readonly sliceSessions = new Map<string, SliceSession>();

  reset(): void {
    this.cursors.clear();
    this.sliceSessions.clear();
  }
}
