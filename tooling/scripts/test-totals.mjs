// Sums the vitest JSON results every workspace package wrote to .test-results/*.json and prints
// one plain line `N passed, M failed` (CI reads only that line). Exits 1 when anything failed
// or when no result was found at all, so a run that silently tested nothing cannot pass.
//   node tooling/scripts/test-totals.mjs [--label node24] [--only node24]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { label: { type: 'string' }, only: { type: 'string' } } });
const root = resolve(import.meta.dirname, '..', '..');
const groups = ['packages', 'apps', 'tooling'];
const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
const failures = [];

function collect(packageDir) {
  const resultsDir = join(packageDir, '.test-results');
  if (!existsSync(resultsDir)) return;
  for (const file of readdirSync(resultsDir)) {
    if (!file.endsWith('.json')) continue;
    if (values.only && file !== `${values.only}.json`) continue;
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    totals.files += 1;
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += (report.numFailedTests ?? 0) + countFailedSuites(report);
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numFailedTests ?? 0) > 0 || report.success === false) failures.push(`${packageDir} (${file})`);
  }
}

// A test file that fails to load has no failed test but a failed suite; count it as a failure.
function countFailedSuites(report) {
  return (report.testResults ?? []).filter((suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0).length;
}

for (const group of groups) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
    if (entry.isDirectory()) collect(join(groupDir, entry.name));
  }
}
collect(join(root, 'bench'));

if (failures.length > 0) console.error(`failing: ${failures.join(', ')}`);
const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped > 0 ? `, ${totals.skipped} skipped` : '');
console.log(values.label ? `${values.label}: ${line}` : line);
if (totals.files === 0) {
  console.error('no test results were found: nothing ran');
  process.exit(1);
}
process.exit(totals.failed > 0 ? 1 : 0);
