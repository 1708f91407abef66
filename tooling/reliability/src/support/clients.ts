import type { Sandbox } from '@x/sandbox';

/** The settings every client pointed at a sandbox shares: its credentials and a backend user. */
export function sandboxAuth(sandbox: Pick<Sandbox, 'credentials'>): { readonly appCode: string; readonly appSecret: string; readonly username: string } {
  return { appCode: sandbox.credentials.appCode, appSecret: sandbox.credentials.appSecret, username: 'admin' };
}

/** Milliseconds from now until `promise` settles, and how it settled. */
export async function timeSettlement(
  promise: Promise<unknown>,
): Promise<{ readonly ms: number; readonly error: unknown; readonly settled: 'fulfilled' | 'rejected' }> {
  const started = performance.now();
  try {
    await promise;
    return { ms: performance.now() - started, error: undefined, settled: 'fulfilled' };
  } catch (error) {
    return { ms: performance.now() - started, error, settled: 'rejected' };
  }
}
