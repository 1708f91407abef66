// The server side of Kafka's SASL mechanisms, as the broker's own servers answer:
// - PLAIN: RFC 4616 (`[authzid] NUL authcid NUL passwd`); apache/kafka `PlainSaslServer`.
// - SCRAM-SHA-256 / SCRAM-SHA-512: RFC 5802 (SCRAM) with RFC 7677's SHA-256 (KIP-84);
//   apache/kafka `ScramSaslServer`, `ScramFormatter`, `ScramMessages` (no channel binding: `n,,`).
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The SASL mechanisms the sandbox's Kafka listener can enable. */
export const SANDBOX_KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** One of {@link SANDBOX_KAFKA_SASL_MECHANISMS}. */
export type SandboxKafkaSaslMechanism = (typeof SANDBOX_KAFKA_SASL_MECHANISMS)[number];

/** One step of a SASL exchange: a token to send back, and whether authentication is complete. */
export type SaslStep =
  | { readonly kind: 'continue'; readonly token: Buffer }
  | { readonly kind: 'done'; readonly token: Buffer; readonly username: string }
  | { readonly kind: 'failed'; readonly message: string };

/** A server-side SASL exchange for one connection. */
export interface SaslServer {
  step(token: Buffer): SaslStep;
}

// Kafka's messages (PlainSaslServer, ScramSaslServer): a client learns nothing about which part
// was wrong.
const PLAIN_FAILED = 'Authentication failed: Invalid username or password';
const SCRAM_FAILED = 'Authentication failed: Invalid user credentials';

function plainServer(users: ReadonlyMap<string, string>): SaslServer {
  return {
    step(token) {
      const parts = token.toString('utf8').split('\u0000');
      if (parts.length !== 3) return { kind: 'failed', message: 'Invalid SASL/PLAIN response: expected 3 tokens' };
      const [authorizationId = '', username = '', password = ''] = parts;
      if (username === '') return { kind: 'failed', message: 'Authentication failed: username not specified' };
      if (password === '') return { kind: 'failed', message: 'Authentication failed: password not specified' };
      const expected = users.get(username);
      if (expected === undefined || !sameBytes(Buffer.from(expected), Buffer.from(password))) return { kind: 'failed', message: PLAIN_FAILED };
      if (authorizationId !== '' && authorizationId !== username)
        return { kind: 'failed', message: 'Authentication failed: Client requested an authorization id that is different from username' };
      return { kind: 'done', token: Buffer.alloc(0), username };
    },
  };
}

function sameBytes(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `a=b,c=d` → { a: 'b', c: 'd' } (RFC 5802 §5: values may contain `=`). */
function attributes(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(',')) {
    const index = part.indexOf('=');
    if (index > 0) map.set(part.slice(0, index), part.slice(index + 1));
  }
  return map;
}

/** RFC 5802 §5.1: `=2C` → `,`, `=3D` → `=` in user names. */
function decodeSaslName(name: string): string {
  return name.replaceAll('=2C', ',').replaceAll('=3D', '=');
}

// Kafka's minimum (ScramMechanism.minIterations) and the iteration count its tools default to.
const SCRAM_ITERATIONS = 4096;

function scramServer(hash: 'sha256' | 'sha512', users: ReadonlyMap<string, string>): SaslServer {
  const keyLength = hash === 'sha256' ? 32 : 64;
  let state: 'first' | 'final' | 'done' = 'first';
  let clientFirstBare = '';
  let serverFirst = '';
  let nonce = '';
  let username = '';
  let saltedPassword: Buffer | undefined;
  const hmac = (key: Buffer, text: string): Buffer => createHmac(hash, key).update(text).digest();
  return {
    step(token) {
      const message = token.toString('utf8');
      if (state === 'first') {
        // client-first-message = gs2-header client-first-message-bare; gs2-header "n,," or "n,a=authzid,"
        const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
        if (match === null) return { kind: 'failed', message: 'Invalid SCRAM client first message' };
        clientFirstBare = match[3] ?? '';
        const fields = attributes(clientFirstBare);
        const name = fields.get('n');
        const clientNonce = fields.get('r');
        if (name === undefined || clientNonce === undefined || clientNonce === '') return { kind: 'failed', message: 'Invalid SCRAM client first message' };
        username = decodeSaslName(name);
        const password = users.get(username);
        // An unknown user still gets a salt, so the exchange does not reveal which users exist.
        const salt = randomBytes(16);
        saltedPassword = password === undefined ? undefined : pbkdf2Sync(password, salt, SCRAM_ITERATIONS, keyLength, hash);
        nonce = `${clientNonce}${randomBytes(18).toString('base64')}`;
        serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
        state = 'final';
        return { kind: 'continue', token: Buffer.from(serverFirst) };
      }
      if (state === 'final') {
        state = 'done';
        const proofIndex = message.lastIndexOf(',p=');
        if (proofIndex < 0) return { kind: 'failed', message: 'Invalid SCRAM client final message' };
        const withoutProof = message.slice(0, proofIndex);
        const fields = attributes(withoutProof);
        if (fields.get('r') !== nonce) return { kind: 'failed', message: 'Invalid SCRAM client final message: nonce mismatch' };
        if (saltedPassword === undefined) return { kind: 'failed', message: SCRAM_FAILED };
        const proof = Buffer.from(message.slice(proofIndex + 3), 'base64');
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const clientKey = hmac(saltedPassword, 'Client Key');
        const storedKey = createHash(hash).update(clientKey).digest();
        const clientSignature = hmac(storedKey, authMessage);
        if (proof.length !== clientSignature.length) return { kind: 'failed', message: SCRAM_FAILED };
        const recoveredClientKey = Buffer.from(proof.map((byte, index) => byte ^ (clientSignature[index] ?? 0)));
        if (!sameBytes(createHash(hash).update(recoveredClientKey).digest(), storedKey)) return { kind: 'failed', message: SCRAM_FAILED };
        const serverSignature = hmac(hmac(saltedPassword, 'Server Key'), authMessage);
        return { kind: 'done', token: Buffer.from(`v=${serverSignature.toString('base64')}`), username };
      }
      return { kind: 'failed', message: 'Unexpected SCRAM message after authentication' };
    },
  };
}

/** A server for `mechanism` that knows `users` (name → password). */
export function createSaslServer(mechanism: SandboxKafkaSaslMechanism, users: ReadonlyMap<string, string>): SaslServer {
  if (mechanism === 'PLAIN') return plainServer(users);
  return scramServer(mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512', users);
}
