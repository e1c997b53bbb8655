import { defineConfig } from 'vitest/config';

// `npm run test:ceph`: integration tests against a throwaway Ceph RADOS Gateway that the globalSetup starts and stops.
// The files end in `.ceph-test.ts` so that `npm test` (which includes `test/**/*.test.ts`) never runs them without RGW.
export default defineConfig({
  test: {
    include: ['test/ceph/**/*.ceph-test.ts'],
    globalSetup: ['test/ceph/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
