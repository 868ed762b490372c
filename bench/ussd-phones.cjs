// The phones of bench:channels, in a worker thread of their own so that their timers and parsing do not share the
// server's event loop (plain CommonJS: it runs without the TypeScript loader). workerData: { callbackUrl, walk,
// options }; posts back every step's latency (ms) by step index, the non-200 count and the walks that ended.
const { Agent, request } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { setTimeout } = require('node:timers');
const { URLSearchParams } = require('node:url');

const agent = new Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' });

function post(url, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const form = (sessionId, phoneNumber, text) =>
  new URLSearchParams({ sessionId, serviceCode: '*384*123#', phoneNumber, networkCode: '63902', text }).toString();

async function main() {
  const { callbackUrl, walk, options } = workerData;
  const url = new URL(callbackUrl);
  const byStep = [...walk.firstTime, ...walk.inputs, ''].map(() => []);
  let non200 = 0;
  let ended = 0;
  let walks = 0;
  // each phone's connection is made before the clock starts, as the gateway's are long open
  await Promise.all(
    Array.from({ length: options.phones }, (_, p) =>
      post(url, form(`ATUid_connect_${p}_${Math.random()}`, `+2547999${String(p).padStart(5, '0')}`, '')),
    ),
  );
  const stopAt = performance.now() + options.seconds * 1000;
  const think = () => new Promise((r) => setTimeout(r, options.thinkMs * (0.5 + Math.random())));
  const phone = async (p) => {
    const number = `+2547${String(options.firstNumber + p).padStart(8, '0')}`;
    await new Promise((r) => setTimeout(r, Math.random() * options.thinkMs));
    for (let w = 0; performance.now() < stopAt; w++) {
      const sessionId = `ATUid_bench_${p}_${w}_${Math.random().toString(36).slice(2, 8)}`;
      const inputs = w === 0 ? [...walk.firstTime, ...walk.inputs] : walk.inputs;
      const typed = [];
      for (let step = 0; step <= inputs.length && performance.now() < stopAt; step++) {
        if (step > 0) typed.push(inputs[step - 1]);
        const started = performance.now();
        const res = await post(url, form(sessionId, number, typed.join('*')));
        byStep[step].push(performance.now() - started);
        if (res.status !== 200) non200++;
        if (!res.text.startsWith('CON ')) {
          if (res.text.startsWith('END ')) ended++;
          break;
        }
        await think();
      }
      walks++;
      // a person reads the last screen before dialling again
      await think();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.phones }, (_, p) => phone(p)));
  parentPort.postMessage({ byStep, non200, ended, walks, seconds: (performance.now() - started) / 1000 });
  agent.destroy();
}

main().catch((error) => {
  parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) });
});
