import { RecordingReceiver } from '../sim-kit/receiver.test-support.ts';

export interface FormReceived {
  path: string;
  query: URLSearchParams;
  fields: Record<string, string>;
}

export type FormAnswer = { status: number; body: string; type?: string };

/**
 * A stand-in for Sauti's side in tests: records the forms Africa's Talking (the simulator, the phone) POSTs to it
 * and answers what the test says per path (by default 200 and an empty body).
 */
export class FormReceiver extends RecordingReceiver<FormReceived, Record<string, string>> {
  readonly answers = new Map<string, (received: FormReceived) => FormAnswer>();

  protected record(url: URL, body: string): FormReceived {
    return { path: url.pathname, query: url.searchParams, fields: Object.fromEntries(new URLSearchParams(body)) };
  }

  protected reply(received: FormReceived) {
    const answer = this.answers.get(received.path)?.(received) ?? { status: 200, body: '' };
    return { status: answer.status, contentType: answer.type ?? 'text/plain', body: answer.body };
  }

  protected view(received: FormReceived): Record<string, string> {
    return received.fields;
  }
}
