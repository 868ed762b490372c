// Gives each question request of bench:engage its own participant and text (autocannon runs it in
// its worker thread, so it is plain CommonJS). The lists come from files the benchmark writes.
const { readFileSync } = require('node:fs');

const participants = JSON.parse(readFileSync(process.env.SAUTI_BENCH_PARTICIPANTS, 'utf8'));
const questions = JSON.parse(readFileSync(process.env.SAUTI_BENCH_QUESTIONS, 'utf8'));
let n = 0;

module.exports = (request) => {
  const i = n++;
  return {
    ...request,
    headers: { ...request.headers, 'x-engage-participant': participants[i % participants.length] },
    body: JSON.stringify({ question: questions[(i * 7919) % questions.length] }),
  };
};
