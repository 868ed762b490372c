import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseC2bRequest, parseStkCallback } from './index.ts';

/** Daraja's documented success callback, with the Balance item real callbacks carry (without a Value). */
function paid(items?: unknown[]) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: '29115-34620561-1',
        CheckoutRequestID: 'ws_CO_191220191020363925',
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: items ?? [
            { Name: 'Amount', Value: 1.0 },
            { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20191219102115 },
            { Name: 'PhoneNumber', Value: 254708374149 },
          ],
        },
      },
    },
  };
}

function refusedWith(body: unknown, pattern: RegExp): void {
  const parsed = parseStkCallback(body);
  assert.equal(parsed.ok, false, `refused: ${JSON.stringify(body)}`);
  if (!parsed.ok) assert.match(parsed.error, pattern);
}

test("Daraja's success callback reads as the payment: cents, receipt, phone and the Nairobi time as an instant", () => {
  const parsed = parseStkCallback(paid());
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, {
    merchantRequestId: '29115-34620561-1',
    checkoutRequestId: 'ws_CO_191220191020363925',
    resultCode: 0,
    resultDesc: 'The service request is processed successfully.',
    metadata: {
      amountCents: 100,
      receipt: 'NLJ7RT61SV',
      phone: '254708374149',
      // 10:21:15 in Nairobi is 07:21:15 UTC
      transactionDate: new Date('2019-12-19T07:21:15Z'),
    },
  });
});

test('items are found by name in any order, and numbers written as text are read', () => {
  const parsed = parseStkCallback(
    paid([
      { Name: 'PhoneNumber', Value: '254708374149' },
      { Name: 'Balance' },
      { Name: 'TransactionDate', Value: '20191219102115' },
      { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
      { Name: 'Amount', Value: '1500.00' },
    ]),
  );
  assert.ok(parsed.ok);
  assert.equal(parsed.value.metadata?.amountCents, 150_000);
  assert.equal(parsed.value.metadata?.phone, '254708374149');
});

test('a failed payment carries no metadata, and its ResultCode may be text', () => {
  const parsed = parseStkCallback({
    Body: {
      stkCallback: {
        MerchantRequestID: '29115-34620561-1',
        CheckoutRequestID: 'ws_CO_191220191020363925',
        ResultCode: '1032',
        ResultDesc: 'Request cancelled by user',
      },
    },
  });
  assert.ok(parsed.ok);
  assert.equal(parsed.value.resultCode, 1032);
  assert.equal('metadata' in parsed.value, false);
});

test('an STK callback missing or mistyping what it must carry is refused, naming it', () => {
  const callback = () => paid().Body.stkCallback as Record<string, unknown>;
  const wrap = (stkCallback: unknown) => ({ Body: { stkCallback } });
  refusedWith(null, /the body must be an object/);
  refusedWith([], /the body must be an object/);
  refusedWith('{"Body":{}}', /the body must be an object/);
  refusedWith({ Body: {} }, /Body\.stkCallback must be an object/);
  refusedWith(wrap({ ...callback(), CheckoutRequestID: undefined }), /CheckoutRequestID is missing/);
  refusedWith(wrap({ ...callback(), MerchantRequestID: 42 }), /MerchantRequestID must be text/);
  refusedWith(wrap({ ...callback(), ResultCode: undefined }), /ResultCode is missing/);
  refusedWith(wrap({ ...callback(), ResultCode: 'zero' }), /ResultCode must be a whole number/);
  refusedWith(wrap({ ...callback(), ResultCode: 0.5 }), /ResultCode must be a whole number/);
  refusedWith(wrap({ ...callback(), ResultDesc: undefined }), /ResultDesc is missing/);
  refusedWith(wrap({ ...callback(), CallbackMetadata: undefined }), /CallbackMetadata is missing/);
  refusedWith(wrap({ ...callback(), CallbackMetadata: { Item: {} } }), /Item must be a list/);
});

test('a success callback with a wrong or missing item is refused, naming the item', () => {
  const items = paid().Body.stkCallback.CallbackMetadata.Item as Array<{ Name: string; Value?: unknown }>;
  const without = (name: string) => paid(items.filter((item) => item.Name !== name));
  const replacing = (name: string, value: unknown) =>
    paid(items.map((item) => (item.Name === name ? { Name: name, Value: value } : item)));
  refusedWith(without('Amount'), /Item Amount is missing/);
  refusedWith(without('MpesaReceiptNumber'), /Item MpesaReceiptNumber is missing/);
  refusedWith(without('PhoneNumber'), /Item PhoneNumber is missing/);
  refusedWith(without('TransactionDate'), /Item TransactionDate is missing/);
  refusedWith(replacing('Amount', null), /Item Amount is missing/);
  refusedWith(replacing('Amount', -5), /Amount must be an amount/);
  refusedWith(replacing('Amount', 0), /Amount must be more than 0/);
  refusedWith(replacing('Amount', '1.005'), /Amount must be an amount/);
  refusedWith(replacing('Amount', 'KES 1'), /Amount must be an amount/);
  refusedWith(replacing('MpesaReceiptNumber', 'nlj7rt61sv'), /MpesaReceiptNumber must be uppercase/);
  refusedWith(replacing('TransactionDate', 20191319102115), /TransactionDate must be a time/);
  refusedWith(replacing('TransactionDate', '2019-12-19'), /TransactionDate must be a time/);
  refusedWith(replacing('PhoneNumber', true), /PhoneNumber must be a phone number/);
  refusedWith(paid([...items, { Name: 'Amount', Value: 2 }]), /Item holds Amount twice/);
  refusedWith(paid([...items, { Value: 2 }]), /Item\[5\]\.Name is missing/);
});

/** Daraja's documented C2B request. */
function c2b(changes: Record<string, unknown> = {}) {
  return {
    TransactionType: 'Pay Bill',
    TransID: 'RKL51ZDR4F',
    TransTime: '20231121121325',
    TransAmount: '5.00',
    BusinessShortCode: '600966',
    BillRefNumber: 'Sample Transaction',
    InvoiceNumber: '',
    OrgAccountBalance: '25.00',
    ThirdPartyTransID: '',
    MSISDN: '2547 ***** 126',
    FirstName: 'NICHOLAS',
    MiddleName: '',
    LastName: '',
    ...changes,
  };
}

test("Daraja's C2B request reads with its amount in cents and the masked number kept as sent", () => {
  const parsed = parseC2bRequest(c2b());
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, {
    transactionType: 'Pay Bill',
    transId: 'RKL51ZDR4F',
    transTime: new Date('2023-11-21T09:13:25Z'),
    amountCents: 500,
    shortcode: '600966',
    billRefNumber: 'Sample Transaction',
    invoiceNumber: '',
    orgAccountBalanceCents: 2500,
    thirdPartyTransId: '',
    msisdn: '2547 ***** 126',
    phone: null,
    firstName: 'NICHOLAS',
    middleName: '',
    lastName: '',
  });
});

test('C2B amounts with or without decimals, a blank balance, a plain or hashed number, optional names absent', () => {
  const read = (changes: Record<string, unknown>) => {
    const parsed = parseC2bRequest(c2b(changes));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    return parsed.value;
  };
  assert.equal(read({ TransAmount: '5' }).amountCents, 500);
  assert.equal(read({ TransAmount: '1250.5' }).amountCents, 125_050);
  assert.equal(read({ TransAmount: 12 }).amountCents, 1200);
  assert.equal(read({ OrgAccountBalance: '' }).orgAccountBalanceCents, null);
  assert.equal(read({ OrgAccountBalance: undefined }).orgAccountBalanceCents, null);
  assert.equal(read({ MSISDN: '254708374126' }).phone, '254708374126');
  assert.equal(read({ MSISDN: 254708374126 }).phone, '254708374126');
  const hashed = 'a'.repeat(64);
  assert.equal(read({ MSISDN: hashed }).msisdn, hashed);
  assert.equal(read({ BusinessShortCode: 600966 }).shortcode, '600966');
  assert.equal(read({ FirstName: undefined, MiddleName: null, InvoiceNumber: undefined }).firstName, '');
});

test('a C2B request missing or mistyping what it must carry is refused, naming the field', () => {
  const refused = (body: unknown, pattern: RegExp) => {
    const parsed = parseC2bRequest(body);
    assert.equal(parsed.ok, false, JSON.stringify(body));
    if (!parsed.ok) assert.match(parsed.error, pattern);
  };
  refused(undefined, /the body must be an object/);
  for (const name of ['TransID', 'TransTime', 'TransAmount', 'BusinessShortCode', 'BillRefNumber', 'MSISDN']) {
    refused(c2b({ [name]: undefined }), new RegExp(`${name} is missing`));
  }
  refused(c2b({ TransAmount: '5.001' }), /TransAmount must be an amount/);
  refused(c2b({ TransAmount: '-5.00' }), /TransAmount must be an amount/);
  refused(c2b({ TransAmount: '1,000.00' }), /TransAmount must be an amount/);
  refused(c2b({ TransAmount: '0.00' }), /TransAmount must be more than 0/);
  refused(c2b({ TransID: 'rkl51zdr4f' }), /TransID must be uppercase/);
  refused(c2b({ TransTime: '2023-11-21 12:13:25' }), /TransTime must be a time/);
  refused(c2b({ BusinessShortCode: 'paybill' }), /BusinessShortCode must be 5 to 7 digits/);
  refused(c2b({ BillRefNumber: 12 }), /BillRefNumber must be text/);
  refused(c2b({ MSISDN: 'someone' }), /MSISDN must be a phone number/);
  refused(c2b({ OrgAccountBalance: 'lots' }), /OrgAccountBalance must be an amount/);
  refused(c2b({ FirstName: 7 }), /FirstName must be text/);
});
