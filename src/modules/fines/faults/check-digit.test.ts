import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser } from '../../../../test/helpers.ts';
import { issue, startPaying, type Paying } from '../test-paying.ts';

// A notice number with a wrong check digit (one digit mistyped, or two neighbours swapped) is refused
// before anything is looked up or asked of M-Pesa: at the public check and at "Pay".

let paying: Paying;

before(async () => {
  paying = await startPaying();
});
after(() => paying?.close());

/** The number with one digit changed, and with two neighbouring digits swapped (the Damm digit catches both). */
function typos(number: string): string[] {
  const changed = `${number.slice(0, 4)}${(Number(number[4]) + 3) % 10}${number.slice(5)}`;
  const i = [...number].findIndex((d, k) => k < 9 && d !== number[k + 1]);
  const swapped = `${number.slice(0, i)}${number[i + 1]}${number[i]}${number.slice(i + 2)}`;
  const lastDigit = `${number.slice(0, 9)}${(Number(number[9]) + 1) % 10}`;
  return [changed, swapped, lastDigit];
}

const pushes = async () =>
  Number((await paying.sauti.platform.db.pool.query('select count(*) as n from fine_stk_requests')).rows[0].n);

describe('a notice number with a wrong check digit', () => {
  test('is refused by the public check as a typo (400 naming the number), before any lookup', async () => {
    const notice = await issue(paying.sauti);
    const check = (number: string) =>
      paying.sauti.app.inject({
        method: 'GET',
        url: `/api/fines/verify?${new URLSearchParams({ number, registration: 'KDJ 482M' }).toString()}`,
      });
    const genuine = await check(notice.number);
    assert.equal(genuine.statusCode, 200, genuine.body);
    for (const typo of typos(notice.number)) {
      assert.notEqual(typo, notice.number);
      const res = await check(typo);
      assert.equal(res.statusCode, 400, `${typo}: ${res.body}`);
      assert.match(res.body, /number/);
    }
    // the page without JavaScript says the same, in words
    const visitor = new Browser(paying.sauti.app);
    const page = await visitor.post(
      '/fines/verify',
      { number: typos(notice.number)[1]!, registration: 'KDJ 482M' },
      { csrfFrom: '/fines/verify' },
    );
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /the last one is a check digit/);
  });

  test('is refused at "Pay": no STK push is kept or sent to M-Pesa', async () => {
    const notice = await issue(paying.sauti);
    const token = notice.link.split('/').at(-1)!;
    const motorist = new Browser(paying.sauti.app);
    const keptBefore = await pushes();
    const sentBefore = paying.sim.transactions().transactions.length;
    for (const typo of typos(notice.number)) {
      const res = await motorist.post(
        `/fines/${typo}/${token}/pay`,
        { phone: '0712 34 5678' },
        { csrfFrom: notice.link },
      );
      assert.equal(res.statusCode, 404, `${typo}: ${res.body.slice(0, 200)}`);
    }
    assert.equal(await pushes(), keptBefore, 'no push kept');
    assert.equal(paying.sim.transactions().transactions.length, sentBefore, 'nothing asked of M-Pesa');
    // the right number with the same key still pays
    const res = await motorist.post(`${notice.link}/pay`, { phone: '0712 34 5678' }, { csrfFrom: notice.link });
    assert.equal(res.statusCode, 303, res.body.slice(0, 200));
    assert.equal(await pushes(), keptBefore + 1);
  });
});
