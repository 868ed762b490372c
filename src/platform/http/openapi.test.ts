import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startSauti, type TestContext } from '../../../test/helpers.ts';

type Operation = {
  tags?: string[];
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, string>>; schemas: Record<string, unknown> };
};

let sauti: TestContext;
let doc: Doc;

before(async () => {
  sauti = await startSauti({
    env: {
      METRICS_TOKEN: 'metrics-0123456789abcdef0123456789abcdef',
      ENGAGE_SMS_TOKEN: 'sms-token-0123456789abcdef0123456789abcdef',
    },
  });
  const res = await sauti.app.inject('/api/openapi.json');
  assert.equal(res.statusCode, 200);
  doc = JSON.parse(res.body) as Doc;
});
after(async () => {
  await sauti.close();
});

const op = (path: string, method: string): Operation => {
  const found = doc.paths[path]?.[method];
  assert.ok(found, `${method.toUpperCase()} ${path} is documented`);
  return found;
};

describe('the OpenAPI document', () => {
  test('declares the security schemes Sauti uses', () => {
    const schemes = doc.components.securitySchemes;
    assert.deepEqual(Object.keys(schemes).sort(), [
      'metricsBearer',
      'open311ApiKey',
      'smsCallbackToken',
      'staffSession',
    ]);
    assert.deepEqual(
      { type: schemes.staffSession!.type, in: schemes.staffSession!.in, name: schemes.staffSession!.name },
      { type: 'apiKey', in: 'cookie', name: 'sauti_session' },
    );
    assert.deepEqual(
      { type: schemes.open311ApiKey!.type, name: schemes.open311ApiKey!.name },
      { type: 'apiKey', name: 'api_key' },
    );
    assert.deepEqual(
      { type: schemes.metricsBearer!.type, scheme: schemes.metricsBearer!.scheme },
      { type: 'http', scheme: 'bearer' },
    );
    assert.deepEqual(
      { type: schemes.smsCallbackToken!.type, in: schemes.smsCallbackToken!.in, name: schemes.smsCallbackToken!.name },
      { type: 'apiKey', in: 'query', name: 'token' },
    );
    for (const scheme of Object.values(schemes)) assert.ok(scheme.description && scheme.description.length > 20);
  });

  test('every security requirement names a declared scheme, every reference resolves, every path parameter is described', () => {
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      assert.ok(doc.components.schemas[m[1]!], `#/components/schemas/${m[1]}`);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const requirement of operation.security ?? [])
          for (const name of Object.keys(requirement))
            assert.ok(doc.components.securitySchemes[name], `${where}: ${name}`);
        for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
          assert.ok(
            operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required),
            `${where}: path parameter ${name}`,
          );
        }
        assert.ok(Object.keys(operation.responses).length > 0, where);
        for (const [status, response] of Object.entries(operation.responses))
          assert.ok(response.description, `${where} ${status} has a description`);
        assert.ok(Array.isArray(operation.security), `${where}: says what credentials it needs, if any`);
        if (operation.security?.length)
          assert.ok(
            operation.responses['401'] || operation.responses['403'] || operation.responses['303'],
            `${where}: what a refusal looks like`,
          );
      }
    }
  });

  test('staff routes need the session and document their 401 and 403, which they really answer', async () => {
    const cases = op('/api/cases', 'get');
    assert.deepEqual(cases.security, [{ staffSession: [] }]);
    assert.ok(cases.responses['401'] && cases.responses['403']);
    assert.equal((await sauti.app.inject('/api/cases')).statusCode, 401);
    const officer = await signIn(sauti.app, 'officer.salama');
    assert.equal((await officer.get('/api/cases')).statusCode, 403);

    const footage = op('/api/ob/uploads', 'post');
    assert.deepEqual(footage.security, [{ staffSession: [] }], 'footage uploads are staff-only');
    assert.ok(footage.responses['401'] && footage.responses['403'] && footage.responses['413']);
    assert.deepEqual(op('/api/ob/uploads/{id}', 'patch').tags, ['ob']);
    assert.equal(
      (
        await sauti.app.inject({
          method: 'POST',
          url: '/api/ob/uploads',
          headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' },
        })
      ).statusCode,
      401,
    );

    const stream = op('/staff/engage/sessions/{id}/events', 'get');
    assert.deepEqual(stream.security, [{ staffSession: [] }]);
    assert.deepEqual(stream.tags, ['engage']);
    assert.ok(stream.responses['200']!.content!['text/event-stream']);
    assert.ok(stream.responses['303'] && stream.responses['403']);
  });

  test('Open311 filing needs the api_key, and takes form-encoded bodies as GeoReport v2 clients send them', () => {
    const filing = op('/open311/v2/requests.{format}', 'post');
    assert.deepEqual(filing.security, [{ open311ApiKey: [] }]);
    const types = Object.keys(filing.requestBody!.content);
    assert.equal(types[0], 'application/x-www-form-urlencoded');
    assert.ok(types.includes('application/json'));
    const form = filing.requestBody!.content['application/x-www-form-urlencoded']!.schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    for (const field of ['service_code', 'description', 'lat', 'long', 'attribute[county]'])
      assert.ok(form.properties[field], field);
    assert.deepEqual(form.required.sort(), ['description', 'service_code']);
    assert.ok(filing.responses['403']);
    assert.deepEqual(op('/open311/v2/services.{format}', 'get').security, [], 'reading needs no key');
    assert.deepEqual(op('/open311/v2/requests.{format}', 'get').security, []);
  });

  test('resumable uploads (tus) are documented method by method', () => {
    const create = op('/api/uploads', 'post');
    assert.deepEqual(create.tags, ['reports']);
    assert.ok(create.parameters!.some((p) => p.in === 'header' && p.name === 'Tus-Resumable' && p.required));
    assert.ok(create.responses['201'] && create.responses['413'] && create.responses['429']);
    assert.ok(op('/api/uploads', 'options').responses['204']);
    assert.ok(op('/api/uploads/{id}', 'head').responses['200']);
    const patch = op('/api/uploads/{id}', 'patch');
    assert.ok(patch.requestBody!.content['application/offset+octet-stream']);
    assert.ok(patch.parameters!.some((p) => p.name === 'Upload-Offset' && p.required));
    assert.ok(patch.responses['204'] && patch.responses['409']);
    assert.ok(op('/api/uploads/{id}', 'delete').responses['204']);
    assert.equal(doc.paths['/api/uploads/{id}']!.get, undefined, 'uploads are never served back');
  });

  test('the SMS callback and /metrics are documented with their tokens, and still answer as before', async () => {
    const sms = op('/channels/sms/engage', 'post');
    assert.deepEqual(sms.security, [{ smsCallbackToken: [] }]);
    assert.ok(sms.requestBody!.content['application/x-www-form-urlencoded']);
    assert.ok(sms.responses['200'] && sms.responses['403'] && sms.responses['404']);
    const metrics = op('/metrics', 'get');
    assert.deepEqual(metrics.security, [{ metricsBearer: [] }]);
    assert.ok(metrics.responses['401']);

    assert.equal((await sauti.app.inject('/metrics')).statusCode, 401);
    const refused = await sauti.app.inject({
      method: 'POST',
      url: '/channels/sms/engage?token=wrong',
      payload: 'from=%2B254712345678&id=ATXid_1&text=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(refused.statusCode, 403);
    const options = await sauti.app.inject({
      method: 'OPTIONS',
      url: '/api/uploads',
      headers: { 'tus-resumable': '1.0.0' },
    });
    assert.equal(options.statusCode, 204);
  });

  test('the reader at /api/docs still opens', async () => {
    const res = await sauti.app.inject('/api/docs/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger-ui/i);
  });

  test('what is not an API stays out (pages, the document itself)', () => {
    for (const path of [
      '/',
      '/report',
      '/staff/sign-in',
      '/api/openapi.json',
      '/lang',
      '/assets/{name}',
      '/favicon.ico',
    ])
      assert.equal(doc.paths[path], undefined, path);
  });
});
