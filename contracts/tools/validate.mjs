// Checks every file of the contracts folder with a real JSON Schema 2020-12 validator (Ajv).
//   cd contracts/tools && npm install && node validate.mjs ..
// Exit code 0 when everything holds; the last line reads "N passed, N failed".
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const root = resolve(process.argv[2] ?? '..');
const BASE = 'https://contracts.acl-gateway/';
// Invalid examples whose fault JSON Schema cannot express: they must PASS the schema
// (only the gateway catches them), so that this list stays honest.
const NOT_EXPRESSIBLE = new Set([
  'invalid/invalid-text-unpaired-surrogate.json', // unpaired surrogate: JSON.parse accepts it
  'invalid/body-too-large-multibyte.json',        // byte limit, while maxLength counts characters
  'invalid/message-too-large.json',               // size of the produced legacy message
]);

let passed = 0, failed = 0;
const ok = (name) => { passed++; if (process.env.VERBOSE) console.log('ok   ' + name); };
const fail = (name, why) => { failed++; console.log('FAIL ' + name + ': ' + why); };
const check = (cond, name, why) => (cond ? ok(name) : fail(name, why));

const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  if (n === 'node_modules') return [];
  return statSync(p).isDirectory() ? walk(p) : [p];
});
const files = walk(root);
const rel = (p) => relative(root, p).split('\\').join('/');

// 1. every JSON file parses
const json = new Map();
for (const f of files.filter((f) => f.endsWith('.json') && !rel(f).startsWith('tools/'))) {
  try { json.set(rel(f), JSON.parse(readFileSync(f, 'utf8'))); ok('parse ' + rel(f)); }
  catch (e) { fail('parse ' + rel(f), e.message); }
}

// 2. schemas: 2020-12, $id = base + path, compile in strict mode
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true }) // strictRequired is a lint: `anyOf: [{required: [name]}, ...]` is valid 2020-12;
addFormats(ajv);
const schemaFiles = [...json.keys()].filter((k) => k.startsWith('schemas/'));
for (const k of schemaFiles) {
  const s = json.get(k);
  check(s.$schema === 'https://json-schema.org/draft/2020-12/schema', '$schema ' + k, s.$schema);
  check(s.$id === BASE + k.slice('schemas/'.length), '$id ' + k, s.$id);
  ajv.addSchema(s);
}
const validators = new Map();
for (const k of schemaFiles) {
  try { validators.set(k, ajv.getSchema(json.get(k).$id)); ok('compile ' + k); }
  catch (e) { fail('compile ' + k, e.message); }
}
const validate = (k, data) => {
  const v = validators.get(k);
  if (!v) return ['no schema ' + k];
  return v(data) ? [] : v.errors.map((e) => `${e.instancePath || '/'} ${e.message}`);
};

// 3. valid examples
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
const dedupId = (eid) => ([...eid].length <= 128 && /^[\x21-\x7e]*$/.test(eid) ? eid : sha256(eid));
const exampleKeys = [...json.keys()].filter((k) => k.startsWith('examples/'));
let nValid = 0, nInvalid = 0;
for (const k of exampleKeys.filter((k) => !k.startsWith('examples/invalid/'))) {
  nValid++;
  const x = json.get(k);
  check(JSON.stringify(Object.keys(x)) === '["description","event","messages"]', 'shape ' + k, Object.keys(x).join());
  const ev = x.event ?? {};
  const errs = validate(`schemas/falcon/${ev.type}.schema.json`, ev).concat(validate('schemas/falcon/event.schema.json', ev));
  check(errs.length === 0, 'event ' + k, errs.join('; '));
  const msgs = Array.isArray(x.messages) ? x.messages : [];
  check(msgs.length > 0, 'messages ' + k, 'no messages');
  msgs.forEach((m, i) => {
    const n = `${k} message ${i + 1}`;
    check(JSON.stringify(Object.keys(m)) === '["body","attributes","groupId","deduplicationId"]', 'shape ' + n, Object.keys(m).join());
    const b = m.body ?? {};
    const schemaKey = `schemas/legacy/${b.cmd}.schema.json`;
    const e2 = validate(schemaKey, b).concat(validate('schemas/legacy/message.schema.json', b));
    check(e2.length === 0, 'body ' + n, e2.join('; '));
    // member order: the order of the schema's properties
    const order = Object.keys(json.get(schemaKey)?.properties ?? {});
    const keys = Object.keys(b);
    check(JSON.stringify(keys) === JSON.stringify(order.filter((p) => keys.includes(p))), 'member order ' + n, keys.join());
    if (Array.isArray(b.members)) check(b.members.every((mm) => JSON.stringify(Object.keys(mm)) === '["aid","role"]'), 'members order ' + n, '');
    const a = m.attributes ?? {};
    const wantAttrs = { cmd: b.cmd, eid: b.eid };
    if ('traceparent' in ev) wantAttrs.traceparent = ev.traceparent;
    check(JSON.stringify(a) === JSON.stringify(wantAttrs), 'attributes ' + n, JSON.stringify(a));
    const fanOut = ev.type === 'falcon.task.created.v1';
    check(b.eid === (fanOut ? `${ev.id}#${i + 1}` : ev.id), 'eid ' + n, b.eid);
    // groupId: the digits of rid; checked exactly (no floating point) on the data's roomId string
    check(m.groupId === ev.data?.roomId && /^[1-9][0-9]*$/.test(m.groupId), 'groupId ' + n, m.groupId);
    check(m.deduplicationId === dedupId(b.eid), 'deduplicationId ' + n, m.deduplicationId);
  });
  if (ev.type === 'falcon.task.created.v1') check(msgs.length === (ev.data?.assigneeIds ?? []).length, 'fan-out count ' + k, msgs.length);
  else check(msgs.length === 1, 'one message ' + k, msgs.length);
}

// 4. invalid examples
const openapi = YAML.parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
const perEventCodes = openapi.components.schemas.EventError.properties.code.enum;
for (const k of exampleKeys.filter((k) => k.startsWith('examples/invalid/'))) {
  nInvalid++;
  const x = json.get(k);
  const short = k.slice('examples/'.length);
  check(JSON.stringify(Object.keys(x)) === '["description","event","code"]', 'shape ' + k, Object.keys(x).join());
  check(perEventCodes.includes(x.code), 'code ' + k, x.code);
  const typed = `schemas/falcon/${x.event?.type}.schema.json`;
  const target = validators.has(typed) ? typed : 'schemas/falcon/event.schema.json';
  const errs = validate(target, x.event).concat(validate('schemas/falcon/event.schema.json', x.event));
  if (NOT_EXPRESSIBLE.has(short)) check(errs.length === 0, 'schema cannot express, passes ' + k, errs.join('; '));
  else check(errs.length > 0, 'rejected by schema ' + k, 'the schema accepts it');
}

// 5. YAML documents parse and every $ref resolves
const pointer = (doc, frag) => frag.split('/').slice(1).reduce((o, t) => (o == null ? undefined : o[t.replace(/~1/g, '/').replace(/~0/g, '~')]), doc);
const refs = (node, out = []) => {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') for (const [key, v] of Object.entries(node)) { if (key === '$ref' && typeof v === 'string') out.push(v); else refs(v, out); }
  return out;
};
for (const y of ['asyncapi.yaml', 'openapi.yaml']) {
  let doc;
  try { doc = YAML.parse(readFileSync(join(root, y), 'utf8')); ok('parse ' + y); } catch (e) { fail('parse ' + y, e.message); continue; }
  for (const r of refs(doc)) {
    const [file, frag = ''] = r.split('#');
    let target = doc;
    if (file) {
      const p = join(root, file);
      target = existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
    }
    check(target !== undefined && (frag === '' || pointer(target, frag) !== undefined), `$ref ${y} ${r}`, 'does not resolve');
  }
  const text = JSON.stringify(doc);
  for (const k of schemaFiles.filter((s) => !/(common|event|message)\.schema\.json$/.test(s))) {
    const inThis = (y === 'openapi.yaml') === k.startsWith('schemas/falcon/');
    if (inThis) check(text.includes('./' + k), `${y} refers to ${k}`, 'missing');
  }
}
check(nValid >= 11 && nInvalid > 0, 'example count', `${nValid} valid, ${nInvalid} invalid`);
console.log(`${nValid} valid examples, ${nInvalid} invalid examples, ${schemaFiles.length} schemas`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
