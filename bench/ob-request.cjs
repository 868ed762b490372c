// Gives each OB entry request of bench:ob a desk (its station's path, session cookie and CSRF
// token), round robin over the desks the benchmark signed in (autocannon runs it in its worker
// thread, so it is plain CommonJS). The desks come from a file the benchmark writes.
const { readFileSync } = require('node:fs');

const desks = JSON.parse(readFileSync(process.env.SAUTI_BENCH_DESKS, 'utf8'));
let n = 0;

module.exports = (request) => {
  const desk = desks[n++ % desks.length];
  return {
    ...request,
    path: desk.path,
    headers: { ...request.headers, cookie: desk.cookie, 'x-csrf-token': desk.csrf },
  };
};
