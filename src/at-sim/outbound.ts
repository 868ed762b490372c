import { post, type PostOptions } from '../sim-kit/outbound.ts';

/** What became of one request the simulator made to Sauti (a delivery report or an incoming SMS). */
export interface Delivery {
  at: string;
  /** the HTTP status Sauti answered, when it answered */
  status?: number;
  /** the start of Sauti's answer */
  body?: string;
  /** why there was no answer (timed out, refused connection) */
  error?: string;
}

const KEPT_BODY_CHARS = 2000;

/** POSTs form fields as Africa's Talking does; never throws. Cut short when the simulator closes. */
export async function postForm(url: string, fields: Record<string, string>, options: PostOptions): Promise<Delivery> {
  const body = new URLSearchParams(fields).toString();
  const posted = await post(url, { type: 'application/x-www-form-urlencoded', body }, options);
  if ('error' in posted) return posted;
  return { at: posted.at, status: posted.status, body: posted.text.slice(0, KEPT_BODY_CHARS) };
}

/** A delivery that Africa's Talking would try again: no answer, or anything but a 2xx. */
export function failed(delivery: Delivery): boolean {
  return delivery.status === undefined || delivery.status < 200 || delivery.status > 299;
}
