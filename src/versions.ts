// Versions recorded with every run: this harness, the AWS SDK it drives, Node, the OS.
import { createRequire } from 'node:module';
import { hostname, platform, release } from 'node:os';

const require = createRequire(import.meta.url);

export interface Versions {
  harness: string;
  sdk: string;
  node: string;
  platform: string;
  hostName: string;
}

export function readVersions(): Versions {
  return {
    harness: (require('../package.json') as { version: string }).version,
    sdk: (require('@aws-sdk/client-s3/package.json') as { version: string }).version,
    node: process.version,
    platform: `${platform()} ${release()}`,
    hostName: hostname(),
  };
}
