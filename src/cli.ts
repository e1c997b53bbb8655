#!/usr/bin/env node
// Entry point of the `s3probe` binary: runs the command line and exits with its documented code.
import { hideBin } from 'yargs/helpers';
import { main } from './main.js';

// The SDK's "Node 22 needed after January 2027" notice would interleave with our output; the run records Node's version instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(hideBin(process.argv));
