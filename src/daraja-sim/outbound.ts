import { post, type PostOptions } from '../sim-kit/outbound.ts';

/** What became of one request the simulator made to Sauti (a callback, a validation or a confirmation). */
export interface Delivery {
  at: string;
  /** the HTTP status Sauti answered, when it answered */
  status?: number;
  /** Sauti's answer when it was JSON */
  answer?: unknown;
  /** why there was no answer (timed out, refused connection) */
  error?: string;
}

/** POSTs JSON as Daraja does; never throws. Cut short when the simulator closes. */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<Delivery> {
  const posted = await post(url, { type: 'application/json', body: JSON.stringify(body) }, options);
  if ('error' in posted) return posted;
  let answer: unknown;
  try {
    answer = JSON.parse(posted.text);
  } catch {
    answer = undefined;
  }
  return { at: posted.at, status: posted.status, ...(answer !== undefined ? { answer } : {}) };
}
