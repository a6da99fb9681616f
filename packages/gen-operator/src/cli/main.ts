#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from './program.js';

// `gen-operator … | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(hideBin(process.argv));
