/**
 * BKData answers its codes as strings (bklog compares `"1532006"`); the sandbox keeps that
 * habit for every BKData failure.
 */
export const BKDATA_CODES = {
  invalidParameter: '1500001',
  notFound: '1500404',
  duplicate: '1500409',
  authenticationMissing: '1511001',
  invalidToken: '1511403',
  sqlRejected: '1532001',
  sqlError: '1532002',
  noIndex: '1532006',
  cleanDebugFailed: '1570001',
} as const;
