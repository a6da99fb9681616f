#!/usr/bin/env node
// A committed shim, so npm links the bin at install time, before the build writes dist/.
import '../dist/cli/main.js';
