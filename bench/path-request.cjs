// Gives each GET of bench:ob's serving figures the next path from a file the benchmark writes
// (autocannon runs it in its worker thread, so it is plain CommonJS).
const { readFileSync } = require('node:fs');

const paths = JSON.parse(readFileSync(process.env.SAUTI_BENCH_PATHS, 'utf8'));
let n = 0;

module.exports = (request) => ({ ...request, path: paths[n++ % paths.length] });
