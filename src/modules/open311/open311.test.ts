import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { dueAfter, workingHours } from '../cases/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { Forbidden } from '../../platform/http/errors.ts';
import { escapeXml, nairobiIso, toXml } from './format.ts';
import { createApiKey, DEMO_API_KEY, revokeApiKey } from './service.ts';

const system = { kind: 'system', label: 'Open311 test' } as const;

let ctx: TestContext;
let apiKey: string;

before(async () => {
  ctx = await startSauti();
  apiKey = (await createApiKey(ctx.platform, system, 'Test app')).key;
});

after(async () => {
  await ctx.close();
});

const json = (res: LightMyRequestResponse) => JSON.parse(res.body) as unknown;

async function countReports(): Promise<number> {
  return (await ctx.platform.db.pool.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n;
}

function post(format: 'json' | 'xml', fields: Record<string, string>, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

const validRequest = {
  service_code: 'bribery_extortion',
  description: 'The officer at the checkpoint demanded KSh 2,000 to let the matatu go.',
  'attribute[county]': '047',
};

async function file(fields: Record<string, string> = {}): Promise<string> {
  const res = await post('json', { api_key: apiKey, ...validRequest, ...fields });
  assert.equal(res.statusCode, 201, res.body);
  return (json(res) as Array<{ service_request_id: string }>)[0]!.service_request_id;
}

function assertErrors(res: LightMyRequestResponse, status: number, mention?: string): void {
  assert.equal(res.statusCode, status, res.body);
  if (res.headers['content-type']?.toString().startsWith('text/xml')) {
    assert.match(
      res.body,
      new RegExp(`^<\\?xml[^>]*\\?>\\n<errors><error><code>${status}</code><description>[^<]*</description></error>`),
    );
    if (mention) assert.ok(res.body.includes(mention), `${mention} not named in ${res.body}`);
    return;
  }
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  const errors = json(res) as Array<{ code: number; description: string }>;
  assert.ok(Array.isArray(errors) && errors.length > 0, res.body);
  for (const e of errors) assert.equal(e.code, status);
  if (mention)
    assert.ok(
      errors.some((e) => e.description.includes(mention)),
      `${mention} not named in ${res.body}`,
    );
}

describe('discovery and services', () => {
  test('discovery in JSON and XML', async () => {
    const res = await ctx.app.inject('/open311/v2/discovery.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    const body = json(res) as {
      contact: string;
      endpoints: Array<{ url: string; formats: string[]; type: string; specification: string; changeset: string }>;
    };
    assert.equal(body.endpoints[0]!.url, `${ctx.config.publicUrl}/open311/v2`);
    assert.deepEqual(body.endpoints[0]!.formats, ['text/xml', 'application/json']);
    assert.equal(body.endpoints[0]!.type, 'production');
    assert.match(body.endpoints[0]!.changeset, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);

    const xml = await ctx.app.inject('/open311/v2/discovery.xml');
    assert.equal(xml.statusCode, 200);
    assert.equal(xml.headers['content-type'], 'text/xml; charset=utf-8');
    assert.match(xml.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/);
    assert.match(
      xml.body,
      /<endpoints><endpoint><specification>http:\/\/wiki.open311.org\/GeoReport_v2<\/specification>/,
    );
    assert.match(xml.body, /<formats><format>text\/xml<\/format><format>application\/json<\/format><\/formats>/);
  });

  test('one service per misconduct category, JSON and XML', async () => {
    const res = await ctx.app.inject('/open311/v2/services.json');
    assert.equal(res.statusCode, 200);
    const services = json(res) as Array<Record<string, unknown>>;
    assert.equal(services.length, 8);
    const bribery = services.find((s) => s.service_code === 'bribery_extortion');
    assert.deepEqual(bribery, {
      service_code: 'bribery_extortion',
      service_name: 'Bribery or extortion',
      description: 'A demand for money or favours, e.g. to release someone, drop a charge or issue a free document.',
      metadata: true,
      type: 'realtime',
      keywords: 'bribe, extortion, hongo',
      group: 'Police misconduct',
    });

    const xml = await ctx.app.inject('/open311/v2/services.xml');
    assert.equal(xml.statusCode, 200);
    assert.equal(xml.headers['content-type'], 'text/xml; charset=utf-8');
    assert.match(xml.body, /^<\?xml[^>]*\?>\n<services><service><service_code>/);
    assert.equal(xml.body.match(/<service>/g)?.length, 8);
    assert.ok(xml.body.includes('<service_name>Death or serious injury caused by police</service_name>'));
    assert.ok(xml.body.includes('<metadata>true</metadata><type>realtime</type>'));
    assert.ok(xml.body.endsWith('</services>'));
  });

  test('a service definition lists county, station, anonymity and officers', async () => {
    const res = await ctx.app.inject('/open311/v2/services/brutality.json');
    assert.equal(res.statusCode, 200);
    const def = json(res) as {
      service_code: string;
      attributes: Array<{
        code: string;
        datatype: string;
        required: boolean;
        variable: boolean;
        order: number;
        values?: Array<{ key: string; name: string }>;
      }>;
    };
    assert.equal(def.service_code, 'brutality');
    const byCode = new Map(def.attributes.map((a) => [a.code, a]));
    const county = byCode.get('county')!;
    assert.equal(county.datatype, 'singlevaluelist');
    assert.equal(county.required, false, 'lat and long may stand in for it');
    assert.equal(county.values!.length, 47);
    assert.deepEqual(
      county.values!.find((v) => v.key === '047'),
      { key: '047', name: 'Nairobi City' },
    );
    const station = byCode.get('station')!;
    assert.equal(station.datatype, 'singlevaluelist');
    assert.equal(station.required, false);
    assert.ok(station.values!.some((v) => v.key === 'salama' && v.name.includes('Makueni')));
    assert.deepEqual(
      byCode.get('anonymous')!.values!.map((v) => v.key),
      ['yes', 'no'],
    );
    assert.equal(byCode.get('officers')!.datatype, 'string');
    assert.equal(byCode.get('officers')!.required, false);
    assert.deepEqual(
      def.attributes.map((a) => a.order),
      [1, 2, 3, 4, 5],
    );

    const xml = await ctx.app.inject('/open311/v2/services/brutality.xml');
    assert.equal(xml.statusCode, 200);
    assert.match(
      xml.body,
      /^<\?xml[^>]*\?>\n<service_definition><service_code>brutality<\/service_code><attributes><attribute><variable>true<\/variable><code>county<\/code>/,
    );
    assert.ok(xml.body.includes('<values><value><key>001</key><name>Mombasa</name></value>'));
    assert.ok(xml.body.includes('<value><key>021</key><name>Murang&apos;a</name></value>'));
  });

  test('an unknown service, request or path is a 404 that reveals nothing', async () => {
    assertErrors(await ctx.app.inject('/open311/v2/services/parking.json'), 404, 'Not found');
    const xml = await ctx.app.inject('/open311/v2/services/parking.xml');
    assertErrors(xml, 404);
    assert.equal(xml.headers['content-type'], 'text/xml; charset=utf-8');
    assertErrors(await ctx.app.inject('/open311/v2/requests/999999.json'), 404);
    assertErrors(await ctx.app.inject('/open311/v2/requests/abc.json'), 404);
    assertErrors(await ctx.app.inject('/open311/v2/nothing-here.xml'), 404);
    assertErrors(await ctx.app.inject('/open311/v2/tokens/abc.json'), 404);
  });

  test('an unknown format is a 400 naming it', async () => {
    assertErrors(await ctx.app.inject('/open311/v2/services.html'), 400, 'format');
  });

  test('the endpoints appear in the OpenAPI document under the open311 tag', async () => {
    const doc = json(await ctx.app.inject('/api/openapi.json')) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/open311/v2/'));
    assert.ok(paths.length >= 5, paths.join(', '));
    assert.deepEqual(doc.paths['/open311/v2/requests.{format}']?.post?.tags, ['open311']);
    assert.deepEqual(doc.paths['/open311/v2/requests/{service_request_id}.{format}']?.get?.tags, ['open311']);
  });
});

describe('filing a report', () => {
  test('without an API key: 403 and nothing stored', async () => {
    const before = await countReports();
    assertErrors(await post('json', validRequest), 403, 'api_key');
    assertErrors(await post('xml', { ...validRequest, description: '' }), 403, 'api_key');
    assert.equal(await countReports(), before);
  });

  test('with a wrong, revoked or demo key outside demo mode: 403 and nothing stored', async () => {
    const before = await countReports();
    assertErrors(await post('json', { api_key: 'not-a-key', ...validRequest }), 403);
    const revoked = await createApiKey(ctx.platform, system, 'Revoked app');
    await revokeApiKey(ctx.platform, system, revoked.id);
    assertErrors(await post('json', { api_key: revoked.key, ...validRequest }), 403);
    assertErrors(await post('json', { api_key: DEMO_API_KEY, ...validRequest }), 403);
    assert.equal(await countReports(), before);
  });

  test('the key may also come in the query string, as some GeoReport clients send it; a wrong one there is a 403 too', async () => {
    const before = await countReports();
    const inQuery = await ctx.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${encodeURIComponent(apiKey)}`,
      payload: new URLSearchParams(validRequest).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(inQuery.statusCode, 201, inQuery.body);
    assert.equal(await countReports(), before + 1);
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json?api_key=not-a-key',
      payload: new URLSearchParams(validRequest).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertErrors(wrong, 403, 'api_key');
    assert.equal(await countReports(), before + 1);
  });

  test('only an administrator or Sauti itself may issue keys; issuing is audited', async () => {
    const staff = (role: StaffActor['role']): StaffActor => ({
      kind: 'staff',
      id: '1',
      username: 'someone',
      displayName: 'Someone',
      role,
      unitCode: null,
      stationId: null,
      serviceNumber: null,
      duties: [],
    });
    await assert.rejects(createApiKey(ctx.platform, { kind: 'public' }, 'Rogue'), Forbidden);
    await assert.rejects(createApiKey(ctx.platform, staff('investigator'), 'Rogue'), Forbidden);
    await assert.rejects(revokeApiKey(ctx.platform, staff('station_commander'), '1'), Forbidden);
    const { rows } = await ctx.platform.db.pool.query<{ id: string }>(`select id from users where username = 'admin'`);
    const admin = { ...staff('administrator'), id: rows[0]!.id, username: 'admin' };
    const issued = await createApiKey(ctx.platform, admin, 'County app');
    assert.match(issued.key, /^[A-Za-z0-9_-]{32}$/);
    const stored = await ctx.platform.db.pool.query<{ key_hmac: string }>(
      'select key_hmac from open311_api_keys where id = $1',
      [issued.id],
    );
    assert.notEqual(stored.rows[0]!.key_hmac, issued.key);
    assert.match(stored.rows[0]!.key_hmac, /^[0-9a-f]{64}$/);
    const audited = await ctx.platform.db.pool.query(
      `select 1 from audit_log where action = 'open311.api_key.create' and subject_id = $1`,
      [issued.id],
    );
    assert.equal(audited.rowCount, 1);
  });

  test('a missing description is a 400 naming it, and nothing is stored', async () => {
    const before = await countReports();
    const { description: _, ...noDescription } = validRequest;
    assertErrors(await post('json', { api_key: apiKey, ...noDescription }), 400, 'description');
    assertErrors(await post('xml', { api_key: apiKey, ...noDescription }), 400, 'description');
    assertErrors(await post('json', { api_key: apiKey, ...validRequest, description: '   ' }), 400, 'description');
    assertErrors(
      await post('json', { api_key: apiKey, ...validRequest, description: 'x'.repeat(4001) }),
      400,
      'description',
    );
    assert.equal(await countReports(), before);
  });

  test('bad fields are 400s named as the caller sent them', async () => {
    const before = await countReports();
    assertErrors(
      await post('json', { api_key: apiKey, ...validRequest, service_code: 'potholes' }),
      400,
      'service_code',
    );
    assertErrors(
      await post('json', { api_key: apiKey, ...validRequest, 'attribute[county]': '999' }),
      400,
      'attribute[county]',
    );
    assertErrors(
      await post('json', { api_key: apiKey, ...validRequest, 'attribute[station]': 'salama' }),
      400,
      'attribute[station]',
    );
    assertErrors(await post('json', { api_key: apiKey, ...validRequest, lat: '91', long: '36.8' }), 400, 'lat');
    assertErrors(await post('json', { api_key: apiKey, ...validRequest, lat: '-1.28' }), 400, 'lat');
    assertErrors(
      await post('json', { api_key: apiKey, ...validRequest, 'attribute[anonymous]': 'maybe' }),
      400,
      'attribute[anonymous]',
    );
    assertErrors(await post('json', { api_key: apiKey, ...validRequest, 'attribute[anonymous]': 'no' }), 400, 'phone');
    assertErrors(await post('json', { api_key: apiKey, ...validRequest, phone: '12345' }), 400, 'phone');
    assert.equal(await countReports(), before);
  });

  test('malformed or unsupported bodies keep the GeoReport error shape', async () => {
    const before = await countReports();
    const broken = await ctx.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: '{"api_key":',
      headers: { 'content-type': 'application/json' },
    });
    assertErrors(broken, 400, 'body');
    const wrongType = await ctx.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: 'hello',
      headers: { 'content-type': 'text/csv' },
    });
    assertErrors(wrongType, 415);
    const empty = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json' });
    assertErrors(empty, 403);
    assert.equal(await countReports(), before);
  });

  test('a valid request files a routed report and returns its receipt code', async () => {
    const before = await countReports();
    const res = await post('json', {
      api_key: apiKey,
      service_code: 'death_serious_injury',
      description: 'A man was shot by police near the stage and is in hospital.',
      'attribute[county]': '047',
      'attribute[station]': 'kasarani',
      lat: '-1.2218',
      long: '36.8969',
      address_string: 'Kasarani stage',
      'attribute[officers]': 'Cpl. Otieno; GKB 555Z',
      device_id: 'device-7f3a9',
      account_id: 'account-55120',
      email: 'reporter@example.org',
      'attribute[anonymous]': 'yes',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-store');
    const [created] = json(res) as Array<{ service_request_id: string; service_notice: string; account_id: null }>;
    assert.match(created!.service_request_id, /^\d+$/);
    assert.equal(created!.account_id, null);
    const receipt = /Receipt code: (\d{4} \d{4} \d{4} \d{4})/.exec(created!.service_notice)?.[1];
    assert.ok(receipt, created!.service_notice);
    assert.ok(created!.service_notice.includes(`${ctx.config.publicUrl}/follow`));
    assert.equal(await countReports(), before + 1);

    const { rows } = await ctx.platform.db.pool.query(
      `select r.channel, r.anonymous, r.contact_email, r.contact_phone, r.contact_name, r.station_id, r.place, r.latitude, r.officers,
              c.unit_code, c.informed_units, row_to_json(r)::text as everything
         from reports r join cases c on c.id = r.case_id where r.id = $1`,
      [created!.service_request_id],
    );
    const row = rows[0]!;
    assert.equal(row.unit_code, 'IPOA');
    assert.deepEqual(row.informed_units, ['IAU']);
    assert.equal(row.channel, 'open311');
    assert.equal(row.station_id, 'kasarani');
    assert.equal(row.place, 'Kasarani stage');
    assert.equal(row.latitude, -1.2218);
    assert.deepEqual(row.officers, [{ name: 'Cpl. Otieno' }, { name: 'GKB 555Z' }]);
    // asked to stay anonymous: the e-mail given is not kept; device and account ids never are
    assert.equal(row.anonymous, true);
    assert.equal(row.contact_email, null);
    assert.ok(
      !row.everything.includes('device-7f3a9') &&
        !row.everything.includes('account-55120') &&
        !row.everything.includes('reporter@example.org'),
    );

    // the receipt code follows the report
    const follow = await ctx.app.inject({ method: 'POST', url: '/api/reports/follow', payload: { receipt } });
    assert.equal(follow.statusCode, 200, follow.body);
    assert.equal((json(follow) as { category: string }).category, 'death_serious_injury');
  });

  test('contact details are kept when the reporter gives a way to reach them', async () => {
    const id = await file({ phone: '0712 345 678', first_name: 'Achieng', last_name: 'Odhiambo', device_id: 'dev-1' });
    const anyway = await file({ 'attribute[anonymous]': 'no', email: 'Wanjiru@Example.org' });
    const { rows } = await ctx.platform.db.pool.query(
      'select id, anonymous, contact_name, contact_phone, contact_email from reports where id = any($1::bigint[]) order by id',
      [[id, anyway]],
    );
    assert.deepEqual(rows[0], {
      id,
      anonymous: false,
      contact_name: 'Achieng Odhiambo',
      contact_phone: '+254712345678',
      contact_email: null,
    });
    assert.deepEqual(rows[1], {
      id: anyway,
      anonymous: false,
      contact_name: null,
      contact_phone: null,
      contact_email: 'wanjiru@example.org',
    });
    const anonymous = await file({ first_name: 'Nobody' });
    const again = await ctx.platform.db.pool.query('select anonymous, contact_name from reports where id = $1', [
      anonymous,
    ]);
    assert.deepEqual(again.rows[0], { anonymous: true, contact_name: null });
  });

  test('the XML answer carries the same fields', async () => {
    const res = await post('xml', { api_key: apiKey, ...validRequest });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.match(
      res.body,
      /^<\?xml[^>]*\?>\n<service_requests><request><service_request_id>\d+<\/service_request_id><token>\d+-[0-9a-f]{24}<\/token><service_notice>[^<]*Receipt code: \d{4} \d{4} \d{4} \d{4}[^<]*<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });
});

describe('where it happened', () => {
  async function countyOf(id: string): Promise<string> {
    return (
      await ctx.platform.db.pool.query<{ county_code: string }>('select county_code from reports where id = $1', [id])
    ).rows[0]!.county_code;
  }
  const { 'attribute[county]': _county, ...noCounty } = validRequest;

  test('lat and long without attribute[county]: the report is filed in the county of the point', async () => {
    for (const [lat, long, county] of [
      ['-1.2218', '36.8969', '047'],
      ['-4.0435', '39.6682', '001'],
      ['-0.0917', '34.7680', '042'],
      ['3.1191', '35.5973', '023'],
    ] as const) {
      const res = await post('json', { api_key: apiKey, ...noCounty, lat, long });
      assert.equal(res.statusCode, 201, res.body);
      const [created] = json(res) as Array<{ service_request_id: string }>;
      assert.equal(await countyOf(created!.service_request_id), county, `${lat}, ${long}`);
    }
    // a station goes with the county found
    const withStation = await post('xml', {
      api_key: apiKey,
      ...noCounty,
      lat: '-1.2218',
      long: '36.8969',
      'attribute[station]': 'kasarani',
    });
    assert.equal(withStation.statusCode, 201, withStation.body);
    const id = /<service_request_id>(\d+)</.exec(withStation.body)![1]!;
    assert.equal(
      (await ctx.app.inject(`/open311/v2/requests/${id}.json`)).body.includes('Kasarani Police Station, Nairobi City'),
      true,
    );
  });

  test('a county given is kept as given', async () => {
    const id = await file({ 'attribute[county]': '017', lat: '-1.7833', long: '37.6333' });
    assert.equal(await countyOf(id), '017');
  });

  test('a point outside Kenya is a 400 naming lat/long, and nothing is stored', async () => {
    const before = await countReports();
    for (const [lat, long] of [
      ['0.3476', '32.5825'],
      ['-6.79', '39.21'],
      ['36.8172', '-1.2864'],
      ['0', '0'],
      ['-3.0', '42.0'],
    ]) {
      assertErrors(await post('json', { api_key: apiKey, ...noCounty, lat: lat!, long: long! }), 400, 'lat/long');
      assertErrors(
        await post('xml', { api_key: apiKey, ...validRequest, lat: lat!, long: long! }),
        400,
        'not in Kenya',
      );
    }
    assert.equal(await countReports(), before);
  });

  test('neither a point nor a county is a 400 naming the missing location, and nothing is stored', async () => {
    const before = await countReports();
    for (const format of ['json', 'xml'] as const) {
      const res = await post(format, { api_key: apiKey, ...noCounty });
      assertErrors(res, 400, 'location: where it happened is required: lat and long');
      assert.ok(res.body.includes('attribute[county]'), res.body);
    }
    assertErrors(
      await post('json', { api_key: apiKey, ...noCounty, address_string: 'Near the Kasarani stage' }),
      400,
      'location',
    );
    // half a point still names the half that is missing
    assertErrors(await post('json', { api_key: apiKey, ...noCounty, lat: '-1.2218' }), 400, 'lat');
    assert.equal(await countReports(), before);
  });
});

describe('tokens', () => {
  test('a filing answers with a token that later gives its service_request_id, in JSON and XML', async () => {
    const res = await post('json', { api_key: apiKey, ...validRequest });
    assert.equal(res.statusCode, 201);
    const [created] = json(res) as Array<{ service_request_id: string; token: string }>;
    assert.match(created!.token, /^\d+-[0-9a-f]{24}$/);

    const looked = await ctx.app.inject(`/open311/v2/tokens/${created!.token}.json`);
    assert.equal(looked.statusCode, 200, looked.body);
    assert.equal(looked.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(json(looked), [{ service_request_id: created!.service_request_id, token: created!.token }]);

    const xml = await ctx.app.inject(`/open311/v2/tokens/${created!.token}.xml`);
    assert.equal(xml.statusCode, 200);
    assert.equal(
      xml.body,
      `<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>${created!.service_request_id}</service_request_id><token>${created!.token}</token></request></service_requests>`,
    );
  });

  test('a made-up, altered or malformed token is a 404 that reveals nothing', async () => {
    const id = await file();
    const res = await post('json', { api_key: apiKey, ...validRequest });
    const token = (json(res) as Array<{ token: string }>)[0]!.token;
    const [, mac] = token.split('-');
    for (const bad of [
      `${id}-${mac}`,
      `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`,
      `${id}-${'0'.repeat(24)}`,
      'abc',
      `${token}x`,
      '99999999-' + 'a'.repeat(24),
    ]) {
      assertErrors(await ctx.app.inject(`/open311/v2/tokens/${bad}.json`), 404, 'Not found');
    }
    assertErrors(await ctx.app.inject(`/open311/v2/tokens/${'9'.repeat(70)}.xml`), 400);
  });
});

describe('reading requests', () => {
  test('one request in JSON and XML: status, category, unit, dates and county only', async () => {
    const id = await file({ 'attribute[station]': 'kasarani' });
    const res = await ctx.app.inject(`/open311/v2/requests/${id}.json`);
    assert.equal(res.statusCode, 200);
    const [request] = json(res) as Array<Record<string, string>>;
    assert.deepEqual(Object.keys(request!).sort(), [
      'address',
      'agency_responsible',
      'expected_datetime',
      'requested_datetime',
      'service_code',
      'service_name',
      'service_request_id',
      'status',
      'status_notes',
      'updated_datetime',
    ]);
    assert.equal(request!.service_request_id, id);
    assert.equal(request!.status, 'open');
    assert.equal(request!.status_notes, 'Received');
    assert.equal(request!.service_code, 'bribery_extortion');
    assert.equal(request!.service_name, 'Bribery or extortion');
    assert.equal(request!.agency_responsible, 'Internal Affairs Unit');
    assert.equal(request!.address, 'Kasarani Police Station, Nairobi City');
    for (const key of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      assert.match(request![key]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    // a bribery report's first response: 16 working hours (weekdays 08:00–17:00 outside public holidays)
    const expected = dueAfter(workingHours(16), new Date(request!.requested_datetime!));
    assert.ok(
      Math.abs(Date.parse(request!.expected_datetime!) - expected.getTime()) < 1000,
      request!.expected_datetime,
    );

    const xml = await ctx.app.inject(`/open311/v2/requests/${id}.xml`);
    assert.equal(xml.statusCode, 200);
    assert.match(
      xml.body,
      new RegExp(
        `^<\\?xml[^>]*\\?>\\n<service_requests><request><service_request_id>${id}</service_request_id><status>open</status><status_notes>Received</status_notes>`,
      ),
    );
    assert.ok(xml.body.includes('<agency_responsible>Internal Affairs Unit</agency_responsible>'));
    assert.ok(xml.body.endsWith('</request></service_requests>'));
  });

  test('filters: ids, status, service code and a window of at most 90 days', async () => {
    const open = await file({ service_code: 'unlawful_arrest' });
    const closed = await file({ service_code: 'unlawful_arrest' });
    await ctx.platform.db.pool.query(
      `update cases set status = 'closed', outcome = 'not_substantiated', closed_at = now() where id = (select case_id from reports where id = $1)`,
      [closed],
    );
    const list = async (query: string) => {
      const res = await ctx.app.inject(`/open311/v2/requests.json${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return json(res) as Array<{
        service_request_id: string;
        status: string;
        service_code: string;
        status_notes: string;
      }>;
    };
    const all = await list('');
    assert.ok(all.some((r) => r.service_request_id === open) && all.some((r) => r.service_request_id === closed));

    const arrests = await list('?service_code=unlawful_arrest');
    assert.deepEqual(arrests.map((r) => r.service_request_id).sort(), [open, closed].sort());

    const onlyClosed = await list('?status=closed&service_code=unlawful_arrest');
    assert.deepEqual(
      onlyClosed.map((r) => [r.service_request_id, r.status, r.status_notes]),
      [[closed, 'closed', 'Closed']],
    );
    const onlyOpen = await list('?status=open');
    assert.ok(onlyOpen.every((r) => r.status === 'open') && onlyOpen.some((r) => r.service_request_id === open));
    assert.ok(!onlyOpen.some((r) => r.service_request_id === closed));
    assert.equal((await list('?status=open,closed&service_code=unlawful_arrest')).length, 2);

    // ids override every other filter
    const byId = await list(`?service_request_id=${closed},${open}&status=open&service_code=brutality`);
    assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [open, closed].sort());

    // date windows
    const today = new Date();
    // bare dates are Nairobi days
    const day = (offset: number) => nairobiIso(new Date(today.getTime() + offset * 86_400_000)).slice(0, 10);
    assert.equal((await list(`?service_code=unlawful_arrest&start_date=${day(-1)}&end_date=${day(0)}`)).length, 2);
    assert.equal((await list(`?service_code=unlawful_arrest&start_date=${day(-30)}&end_date=${day(-20)}`)).length, 0);
    assert.equal(
      (
        await list(
          `?service_code=unlawful_arrest&start_date=${encodeURIComponent(new Date(today.getTime() - 3600_000).toISOString())}`,
        )
      ).length,
      2,
    );
    // an unencoded "+" arrives as a space and is still read as the offset
    assert.equal((await list(`?service_code=unlawful_arrest&end_date=${day(1)}T00:00:00+03:00`)).length, 2);

    assertErrors(
      await ctx.app.inject(`/open311/v2/requests.json?start_date=${day(-100)}&end_date=${day(0)}`),
      400,
      'end_date',
    );
    assertErrors(
      await ctx.app.inject(`/open311/v2/requests.xml?start_date=${day(-100)}&end_date=${day(0)}`),
      400,
      '90 days',
    );
    assertErrors(
      await ctx.app.inject(`/open311/v2/requests.json?start_date=${day(0)}&end_date=${day(-1)}`),
      400,
      'end_date',
    );
    assertErrors(await ctx.app.inject('/open311/v2/requests.json?start_date=yesterday'), 400, 'start_date');
    assertErrors(await ctx.app.inject('/open311/v2/requests.json?end_date=2026-02-31'), 400, 'end_date');
    assertErrors(await ctx.app.inject('/open311/v2/requests.json?status=pending'), 400, 'status');
    assertErrors(await ctx.app.inject('/open311/v2/requests.json?service_code=potholes'), 400, 'service_code');
    assertErrors(await ctx.app.inject('/open311/v2/requests.json?service_request_id=1,x'), 400, 'service_request_id');
  });

  test('nothing of what the reporter wrote, where, who or how to reach them is ever shown', async () => {
    const secrets = {
      description: 'Zebulon-Quixote-4471 was slapped behind the Tumaini kiosk',
      address_string: 'Behind-Tumaini-Kiosk-8812',
      lat: '-1.234567',
      long: '36.765432',
      'attribute[officers]': 'Sgt. Kipchumba-Xavier-3390',
      phone: '0722 918 273',
      email: 'secret.reporter.5521@example.org',
      first_name: 'Wambui-Private',
      last_name: 'Njoroge-Private',
      device_id: 'device-secret-6630',
      account_id: 'account-secret-7740',
      media_url: 'https://example.org/media-secret-9951.jpg',
    };
    const id = await file({ 'attribute[anonymous]': 'no', 'attribute[station]': 'kasarani', ...secrets });
    const needles = [
      'Zebulon',
      'Quixote',
      'Tumaini',
      '8812',
      '-1.234567',
      '1.234567',
      '36.765432',
      'Kipchumba',
      '3390',
      '0722',
      '918',
      '273',
      '254722918273',
      'secret.reporter',
      '5521',
      'Wambui',
      'Njoroge',
      'device-secret',
      'account-secret',
      'media-secret',
      'lat',
      'long',
      'description',
      'media_url',
    ];
    const urls = [
      `/open311/v2/requests/${id}.json`,
      `/open311/v2/requests/${id}.xml`,
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      `/open311/v2/requests.json?service_request_id=${id}`,
      `/open311/v2/requests.xml?service_request_id=${id}`,
    ];
    for (const url of urls) {
      const res = await ctx.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(res.body.includes(id), `${url} does not list the report`);
      for (const needle of needles) assert.ok(!res.body.includes(needle), `${url} shows "${needle}"`);
    }
  });

  test('text from the database is escaped in XML', async () => {
    await ctx.platform.db.pool.query(`insert into stations (id, name, county_code) values ('odd-station', $1, '047')`, [
      `<script>alert("x")</script> & Sons' Post`,
    ]);
    const id = await file({ 'attribute[station]': 'odd-station' });
    for (const url of [`/open311/v2/requests/${id}.xml`, '/open311/v2/services/other.xml']) {
      const xml = await ctx.app.inject(url);
      assert.equal(xml.statusCode, 200);
      assert.ok(!xml.body.includes('<script>'), url);
      assert.ok(xml.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&apos; Post'), url);
    }
    const res = await ctx.app.inject(`/open311/v2/requests/${id}.json`);
    assert.equal(
      (json(res) as Array<{ address: string }>)[0]!.address,
      `<script>alert("x")</script> & Sons' Post, Nairobi City`,
    );
  });
});

test('the XML writer escapes text and drops characters XML cannot carry', () => {
  assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(escapeXml('a\u0000b\u0008c\uFFFEd\uD800e\tf\ng 😀'), 'abcde\tf\ng 😀');
  assert.equal(
    toXml('errors', [{ code: 400, description: '<script>' }]),
    '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>&lt;script&gt;</description></error></errors>',
  );
  assert.throws(() => toXml('bad name', 'x'));
  assert.equal(nairobiIso(new Date('2026-06-22T21:30:00Z')), '2026-06-23T00:30:00+03:00');
});

test('demo mode: the documented demo key files reports, and reports are rate limited', async () => {
  const demo = await startSauti({ env: { SAUTI_DEMO: 'true', RATE_LIMIT_REPORTS: '2' }, demoStaff: false });
  try {
    const discovery = json(await demo.app.inject('/open311/v2/discovery.json')) as {
      key_service: string;
      endpoints: Array<{ type: string }>;
    };
    assert.ok(discovery.key_service.includes(DEMO_API_KEY));
    assert.equal(discovery.endpoints[0]!.type, 'test');
    const send = () =>
      demo.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.xml',
        payload: new URLSearchParams({ api_key: DEMO_API_KEY, ...validRequest }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    assert.equal((await send()).statusCode, 201);
    assert.equal((await send()).statusCode, 201);
    const limited = await send();
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /<errors><error><code>429<\/code><description>Too many requests/);
  } finally {
    await demo.close();
  }
});
