// The CLI tests run the built binary (dist/bin.js) as a child process. Under turbo the build
// runs first (turbo.json); a plain `pnpm test` rebuilds here when a source is newer than dist.
import { join } from 'node:path';
import { rebuildWhenStale } from '@x/cli-kit/test-setup';

export default function setup(): void {
  rebuildWhenStale({ packageDir: join(import.meta.dirname, '..'), entry: 'dist/bin.js' });
}
