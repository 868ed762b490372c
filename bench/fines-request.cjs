// Gives each STK callback request of bench:fines the next callback (its path and body) from a file the
// benchmark writes, starting at the offset it sets for each load, so that every load sends callbacks not
// sent before (autocannon runs it in its worker thread, so it is plain CommonJS).
const { readFileSync } = require('node:fs');

const callbacks = JSON.parse(readFileSync(process.env.SAUTI_BENCH_CALLBACKS, 'utf8'));
let n = Number(process.env.SAUTI_BENCH_CALLBACK_OFFSET || 0);

module.exports = (request) => {
  const callback = callbacks[n++ % callbacks.length];
  return { ...request, path: callback.path, body: callback.body };
};
