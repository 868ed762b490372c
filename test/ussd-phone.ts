import type { FastifyInstance } from 'fastify';
import { callbackToken, USSD_PATH } from '../src/modules/channels/index.ts';

/** A feature phone in a test: speaks to the USSD callback as Africa's Talking's gateway does, through inject. */
export class InjectedPhone {
  private sessionId = '';
  private inputs: string[] = [];
  readonly screens: string[] = [];
  private count = 0;

  constructor(
    private readonly app: FastifyInstance,
    readonly number: string,
  ) {}

  /** A new session: `text` empty. */
  async dial(): Promise<string> {
    this.sessionId = `ATUid_test_${this.number.slice(-6)}_${++this.count}_${Date.now()}`;
    this.inputs = [];
    return this.step();
  }

  /** One input on the current screen. */
  async send(input: string): Promise<string> {
    this.inputs.push(input);
    return this.step();
  }

  /** Several inputs, one screen after another; the last screen. */
  async sendAll(...inputs: string[]): Promise<string> {
    let screen = '';
    for (const input of inputs) screen = await this.send(input);
    return screen;
  }

  async step(): Promise<string> {
    const res = await this.app.inject({
      method: 'POST',
      url: `${USSD_PATH}?token=${callbackToken(this.app.platform)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        sessionId: this.sessionId,
        serviceCode: '*384*123#',
        phoneNumber: this.number,
        networkCode: '63902',
        text: this.inputs.join('*'),
      }).toString(),
    });
    if (res.statusCode !== 200) throw new Error(`USSD callback answered ${res.statusCode}: ${res.body}`);
    if (!/^text\/plain/.test(String(res.headers['content-type']))) throw new Error('USSD answer is not text/plain');
    this.screens.push(res.body);
    return res.body;
  }
}
