import { definePackageTestConfig } from '@x/vitest-config';

export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  // Every test file that reads the sandbox's CMSI answers also runs against its minimal answers
  // (what the components guarantee: no username_check on the community edition, no icons).
  // The README's example runs in tooling/readme-runner, as written, on a default (full) sandbox.
  minimalAnswers: [
    'src/cmsi-client.test.ts',
    'src/cmsi-mail.test.ts',
    'src/cmsi-msg.test.ts',
    'src/cmsi-msg-type.test.ts',
    'src/cmsi-sms.test.ts',
    'src/cmsi-voice.test.ts',
    'src/cmsi-weixin.test.ts',
  ],
});
