import { definePackageTestConfig } from '@x/vitest-config';

// The files that read the sandbox's metadata answers run again against its minimal answers.
export default definePackageTestConfig({
  rootDir: import.meta.dirname,
  minimalAnswers: ['src/clusters/infra-clusters.test.ts', 'src/elasticsearch/infra-elasticsearch-clusters.test.ts', 'src/kafka/infra-kafka-clusters.test.ts'],
});
