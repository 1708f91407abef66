#!/usr/bin/env node
// `pnpm demo`: the scripted tour. Exits by itself once everything is closed; a watchdog reports
// (and ends) a process that something still holds open.
import { parseArgs } from 'node:util';

const USAGE = `demo-tour — the scripted tour of bk-integrations on an embedded BlueKing sandbox

Usage: node apps/demo-tour/dist/main.js --sandbox [--keep-export] [--help]     (from the root: pnpm demo, ./dev demo)

  --sandbox       run the tour on an embedded BlueKing sandbox (required: the tour runs nowhere
                  else, and nothing in this repository uses a sandbox unless asked to)
  --keep-export   keep the exported NDJSON file (its path is printed)
  -h, --help      this text
`;

// notify-relay's queue and the sandbox use node:sqlite, which Node 22 calls experimental; `pnpm demo`
// passes --disable-warning, and this keeps `node dist/main.js` quiet too. Other warnings still show.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
  process.stderr.write(`demo-tour: ${warning.name}: ${warning.message}\n`);
});

let values: { sandbox?: boolean; 'keep-export'?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { sandbox: { type: 'boolean' }, 'keep-export': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  process.stderr.write(`demo-tour: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (values.help !== true && values.sandbox !== true) {
  process.stderr.write(`demo-tour: the tour starts an embedded BlueKing sandbox: pass --sandbox to say so (./dev demo does)\n${USAGE}`);
  process.exit(2);
}

// The terminal's width; a pseudo-terminal without a size reports 0.
function terminalColumns(): number {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const fromEnvironment = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 40 ? fromEnvironment : 100;
}

if (values.help === true) {
  process.stdout.write(USAGE);
} else {
  // Imported after the warning filter: notify-relay loads node:sqlite as it is imported.
  const { runTour } = await import('./tour.js');
  try {
    await runTour({ out: process.stdout, progress: process.stderr, columns: terminalColumns(), keepExport: values['keep-export'] === true });
  } catch (error) {
    process.stderr.write(`\ndemo-tour: the tour failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
  // Everything is closed now, so the process ends on its own. If something still holds it open,
  // say what, rather than hang a user's terminal.
  setTimeout(() => {
    process.stderr.write(`demo-tour: still running 5 s after the tour ended; open resources: ${process.getActiveResourcesInfo().join(', ')}\n`);
    process.exit(process.exitCode ?? 1);
  }, 5_000).unref();
}
