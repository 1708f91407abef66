export { runTour } from './tour.js';
export type { TourOptions, TourResult } from './tour.js';
export { indentedStream } from './indented-stream.js';
export { VERSION } from './version.js';
