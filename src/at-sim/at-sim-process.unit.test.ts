import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { FormReceiver } from './receiver.test-support.ts';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const REPOSITORY = new URL('../../', import.meta.url).pathname;

const started = new Set<ChildProcess>();
after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function simProcess(args: string[]): ChildProcess {
  // a bare environment: the simulator needs none of Sauti's configuration and no database
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPOSITORY,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  return child;
}

async function listening(child: ChildProcess): Promise<{ url: string; settings: string }> {
  let stderr = '';
  let settings = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith("Sauti's settings for it: ")) settings = line;
    const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
    if (url) {
      child.stdout!.resume();
      return { url, settings };
    }
  }
  throw new Error(`the simulator stopped before listening: ${stderr}`);
}

test(
  'the simulator runs as its own process: an SMS is sent and its delivery report POSTed, and SIGTERM ends it',
  { timeout: 120_000 },
  async () => {
    const receiver = await new FormReceiver().start();
    const child = simProcess([
      '--listen',
      '127.0.0.1:0',
      '--username',
      'process-user',
      '--api-key',
      'process-key',
      '--delivery-delay-ms',
      '0',
      '--delivery-report-url',
      `${receiver.url}/dlr`,
    ]);
    try {
      const { url, settings } = await listening(child);
      assert.equal(
        settings,
        `Sauti's settings for it: AT_API_URL=${url} AT_USERNAME=process-user AT_API_KEY=process-key`,
      );
      const response = await fetch(`${url}/version1/messaging`, {
        method: 'POST',
        headers: { apiKey: 'process-key', accept: 'application/json' },
        body: new URLSearchParams({ username: 'process-user', to: '+254712345678', message: 'Habari' }),
      });
      assert.equal(response.status, 201);
      const { SMSMessageData } = (await response.json()) as {
        SMSMessageData: { Recipients: Array<{ messageId: string }> };
      };
      const [report] = await receiver.waitFor('/dlr');
      assert.equal(report!.id, SMSMessageData.Recipients[0]!.messageId);
      assert.equal(report!.status, 'Success');
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      assert.equal(((await exited) as [number | null])[0], 0);
    } finally {
      await receiver.close();
    }
  },
);

test('the simulator refuses wrong arguments with the usage (exit 64)', { timeout: 60_000 }, async () => {
  const wrong = [
    ['--delivery-delay-ms', 'soon'],
    ['--delivery-report-url', 'nowhere'],
    ['--listen', 'x'],
    ['--colour'],
  ];
  for (const args of wrong) {
    const child = simProcess(args);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 64, args.join(' '));
    assert.match(stderr, /sauti at-sim/);
  }
});
