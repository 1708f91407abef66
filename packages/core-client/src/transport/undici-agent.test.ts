import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { AGENT_MODULE, agentClassFrom, loadAgentClass } from './undici-agent.js';

describe('loading undici’s Agent', () => {
  it('takes the Agent from its own module: the class undici exports', async () => {
    expect(await agentClassFrom(AGENT_MODULE)).toBe(Agent);
    expect(await loadAgentClass()).toBe(Agent);
  });

  it('falls back to the main entry when that module is gone or holds something else', async () => {
    expect(await agentClassFrom('undici/lib/dispatcher/no-such-module.js')).toBe(Agent);
    expect(await agentClassFrom('undici/lib/core/symbols.js')).toBe(Agent);
  });
});
