import type { LightMyRequestResponse } from 'fastify';
import type { Browser, TestContext } from '../../../test/helpers.ts';

/** Posts JSON as a signed-in staff member (the desk's programs and the tests use the API). */
export async function postJson(
  sauti: TestContext,
  browser: Browser,
  url: string,
  body: unknown,
): Promise<LightMyRequestResponse> {
  const csrf = await browser.csrf();
  return sauti.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: browser.header(), 'x-csrf-token': csrf },
  });
}

export const lostPhone = {
  kind: 'lost_property',
  occurredAt: '2026-11-30T08:10:00+03:00',
  place: 'Kasarani, near the stadium gate',
  narrative: 'Complainant reports losing a Tecno phone while boarding a matatu.',
  persons: [{ role: 'complainant', name: 'Wanjiku Kamau', idNumber: '23456789', phone: '0712345678' }],
  property: [{ description: 'Tecno Spark 10, black', serial: '356789012345678' }],
};

export const arrest = {
  kind: 'arrest',
  occurredAt: '2026-11-30T09:00:00+03:00',
  arrestedAt: '2026-11-30T09:00:00+03:00',
  arrestedBy: 'Cpl. Otieno, 2012-067345',
  reason: 'Handling stolen property',
  place: 'Kasarani market',
  narrative: 'Suspect found with a phone matching a report.',
  persons: [{ role: 'arrested', name: 'John Doe', age: 24, sex: 'male' }],
  property: [{ description: 'Wallet with KES 350' }],
};

/** An assault reported at Salama: an entry a P3 form (and a general abstract) can be made from. */
export const assault = {
  kind: 'report',
  occurredAt: '2026-11-30T07:30:00+03:00',
  place: 'Salama market',
  narrative: 'Complainant reports being beaten by two men who took his money; cuts on the left arm.',
  persons: [{ role: 'complainant', name: 'Mutua Kioko', age: 31, sex: 'male' }],
};
