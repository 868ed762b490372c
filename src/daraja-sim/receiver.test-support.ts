import { RecordingReceiver } from '../sim-kit/receiver.test-support.ts';

export interface Received {
  path: string;
  body: unknown;
}

/**
 * A stand-in for Sauti's side in tests: records the JSON Daraja (the simulator) POSTs to it and answers what
 * the test says per path (by default {"ResultCode":"0","ResultDesc":"Accepted"}).
 */
export class CallbackReceiver extends RecordingReceiver<Received, unknown> {
  readonly answers = new Map<string, { status: number; body: unknown }>();

  protected record(url: URL, body: string): Received {
    return { path: url.pathname, body: JSON.parse(body) as unknown };
  }

  protected reply(received: Received) {
    const answer = this.answers.get(received.path) ?? {
      status: 200,
      body: { ResultCode: '0', ResultDesc: 'Accepted' },
    };
    return { status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) };
  }

  protected view(received: Received): unknown {
    return received.body;
  }
}
