// One run of the relay (CMSI mails, WeCom app-chat texts, posts to group robots) in a fresh
// process, so that its CPU time and RSS are its own.
//   node src/workloads/shared-pool-child.ts <origin> <shared|separate|per-robot> <calls> <concurrency> <webhooks>
import { createCmsi } from '@x/cmsi';
import { createWework, createWeworkRobot, type WeworkRobot } from '@x/wework';
import { Agent } from 'undici';
import { benchCredentials } from '../lines/bench-line.ts';
import { poolModes, relayCall, relayLine, type PoolMode } from './relay-mix.ts';

export interface SharedPoolChildResult {
  readonly type: 'shared-pool';
  readonly mode: PoolMode;
  readonly calls: number;
  readonly wallMs: number;
  /** User + system CPU from the first call to the last (pools created and filled on the way). */
  readonly cpuMs: number;
  /** RSS before the first call (modules loaded, clients created, nothing sent). */
  readonly startRssBytes: number;
  /** Peak RSS of the process (getrusage maxrss). */
  readonly peakRssBytes: number;
  /** RSS after the last call, before the clients are closed. */
  readonly endRssBytes: number;
  /** `wework.openRobots` after the last call. */
  readonly openRobots: number;
}

const [origin, modeText, callsText, concurrencyText, webhooksText] = process.argv.slice(2);
const mode = poolModes.find((candidate) => candidate === modeText);
if (origin === undefined || mode === undefined)
  throw new Error(`usage: shared-pool-child.ts <origin> <${poolModes.join('|')}> <calls> <concurrency> <webhooks>`);
const calls = Number(callsText ?? '6000');
const concurrency = Number(concurrencyText ?? '32');
const webhooks = Number(webhooksText ?? '16');
const line = relayLine(mode);

// `shared`: the relay's one pool, as the packages' READMEs show it (64 connections per host).
const pool = mode === 'shared' ? new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 }) : undefined;
const dispatcher = pool === undefined ? {} : { dispatcher: pool };
const cmsi = createCmsi({ ...benchCredentials, apiHost: `${origin}/small/${line}`, gatewayMode: 'legacy', ...dispatcher });
const wework = createWework({ ...benchCredentials, apiHost: `${origin}/wework/${line}`, gatewayMode: 'legacy', ...dispatcher });
const webhookUrl = (webhook: number): string => `${origin}/robot/${line}/${webhook}/cgi-bin/webhook/send?key=bench-robot-${webhook}`;
const robots: WeworkRobot[] =
  mode === 'per-robot' ? Array.from({ length: webhooks }, (_unused, webhook) => createWeworkRobot({ webhookUrl: webhookUrl(webhook) })) : [];

function checkSent(answer: { readonly errcode?: number | null | undefined }): void {
  if (answer.errcode !== 0) throw new Error(`WeCom answered errcode ${String(answer.errcode)}`);
}

async function send(index: number): Promise<void> {
  const call = relayCall(index, webhooks);
  switch (call.kind) {
    case 'cmsi-mail': {
      const sent = await cmsi.sendMail({ receivers: ['alice'], title: 'Disk full', content: `web-${index}` });
      if (sent !== null) throw new Error('CMSI answered data to a send that has none');
      return;
    }
    case 'wework-appchat':
      checkSent(await wework.sendText('wrOncall', `alert ${index}`));
      return;
    case 'wework-robot': {
      const robot = robots[call.webhook];
      const content = `**alert** ${index}`;
      checkSent(robot === undefined ? await wework.sendRobotMarkdown({ webhookUrl: webhookUrl(call.webhook), content }) : await robot.sendMarkdown(content));
      return;
    }
  }
}

const startRssBytes = process.memoryUsage.rss();
const cpu = process.cpuUsage();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < calls) {
      const index = next;
      next += 1;
      await send(index);
    }
  }),
);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const endRssBytes = process.memoryUsage.rss();
const openRobots = mode === 'per-robot' ? robots.length : wework.openRobots;
await Promise.all([cmsi.close(), wework.close(), ...robots.map(async (robot) => robot.close())]);
await pool?.close();
const result: SharedPoolChildResult = {
  type: 'shared-pool',
  mode,
  calls,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  startRssBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  endRssBytes,
  openRobots,
};
process.send?.(result);
