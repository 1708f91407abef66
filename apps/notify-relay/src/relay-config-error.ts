/** A configuration problem: the message names the option or variable (never a secret or a URL with one). */
export class RelayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RelayConfigError';
  }
}

/**
 * Refuses an API host with `user:password@`: the relay would show it in its banner, its log and
 * its records, and BlueKing authenticates with the app code and secret anyway. Names `setting`,
 * never the URL.
 * @throws RelayConfigError
 */
export function refuseUrlCredentials(url: string, setting: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const hasCredentials = parsed === undefined ? /^[^/?#]*\/\/[^/?#]*@/.test(url.trim()) : parsed.username !== '' || parsed.password !== '';
  if (hasCredentials) {
    throw new RelayConfigError(
      `${setting} contains a user name or password (user:password@host): remove them; BlueKing APIs authenticate with the app code and secret (BK_APP_CODE, BK_APP_SECRET)`,
    );
  }
}
