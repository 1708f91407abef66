import type { HttpBindings } from '@hono/node-server';
import type { SandboxAnswers } from './sandbox-answers.js';
import type { SandboxCall } from './sandbox-types.js';

/** A call record the server fills in while the request runs (the public type is read-only). */
export type MutableCall = { -readonly [Key in keyof SandboxCall]: SandboxCall[Key] };

/** Per-request values the middlewares share. */
export interface SandboxVariables {
  requestId: string;
  /** The recorded call; absent on control routes, which are not recorded. */
  call: MutableCall | undefined;
  /** The parsed request body (see {@link SandboxCall.body}). */
  body: unknown;
  /** How complete this sandbox's answers are (see {@link SandboxAnswers}). */
  answers: SandboxAnswers;
}

/** The Hono environment of every sandbox route. */
export interface SandboxEnv {
  Bindings: HttpBindings;
  Variables: SandboxVariables;
}
