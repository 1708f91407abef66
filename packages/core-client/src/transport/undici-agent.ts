import type * as Undici from 'undici';

/** undici's `Agent` class. */
export type AgentClass = typeof Undici.Agent;

/**
 * The module of undici's `Agent` inside the package. Not a documented entry point (undici has no
 * exports map, so it can be imported): what it holds is checked before use.
 */
export const AGENT_MODULE = 'undici/lib/dispatcher/agent.js';

let loading: Promise<AgentClass> | undefined;

/**
 * undici's `Agent` from `specifier` when that module holds a dispatcher class (its default export,
 * as Node gives a CommonJS module's `module.exports`), else from undici's main entry.
 */
export async function agentClassFrom(specifier: string): Promise<AgentClass> {
  try {
    const module: unknown = await import(specifier);
    const candidate: unknown = typeof module === 'object' && module !== null && 'default' in module ? module.default : undefined;
    if (isAgentClass(candidate)) return candidate;
  } catch {
    // Moved or renamed in another undici release: the main entry has it.
  }
  return (await import('undici')).Agent;
}

function isAgentClass(value: unknown): value is AgentClass {
  if (typeof value !== 'function') return false;
  const prototype: unknown = value.prototype;
  return typeof prototype === 'object' && prototype !== null && 'dispatch' in prototype && typeof prototype.dispatch === 'function' && 'close' in prototype;
}

/**
 * undici's `Agent`, loaded by the first call that needs it. The main entry loads all of undici —
 * fetch, WebSocket, EventSource, the HTTP cache, mock agents — ~170 ms of CPU on this machine; the
 * Agent's own module with what it requires, ~30–80 ms (see {@link AGENT_MODULE}).
 */
export async function loadAgentClass(): Promise<AgentClass> {
  loading ??= agentClassFrom(AGENT_MODULE).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
