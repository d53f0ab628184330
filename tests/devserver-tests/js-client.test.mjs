// Drives the devserver's Northflank stand-in with Northflank's official JavaScript
// client (@northflank/js-client on npm), the yardstick for the stand-in's shapes:
// list projects (with the cursor), list secret groups, get secret details, patch,
// update, and a refused call.
//
// Usage: DEVSERVER=<path to infisical-devserver> JS_CLIENT_DIR=<a directory for the
//        client, kept between runs> node --test js-client.test.mjs   (or plain `node`)
//
// Optional by design: when the client cannot be installed (no npm, no network), the
// tests are skipped with the reason; run with plain `node` (as meson does), the
// process then exits 77 so that meson shows SKIP rather than a pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const CLIENT_VERSION = '0.9.5'; // the version whose .d.ts the stand-in was checked against
const devserverPath = process.env.DEVSERVER;
const clientDir = process.env.JS_CLIENT_DIR;

let skipReason = null;
let nf = null; // the client's module
let server = null;
const env = {};

function installClient() {
  const entry = join(clientDir, 'node_modules', '@northflank', 'js-client', 'dist', 'esm', 'api-client.js');
  if (existsSync(entry)) return entry;
  mkdirSync(clientDir, { recursive: true });
  const npm = spawnSync('npm', ['install', '--prefix', clientDir, `@northflank/js-client@${CLIENT_VERSION}`,
    '--no-audit', '--no-fund', '--loglevel=error'], { encoding: 'utf8', timeout: 150000 });
  if (npm.error || npm.status !== 0 || !existsSync(entry)) {
    const why = npm.error ? npm.error.message : (npm.stderr || '').trim().split('\n').slice(-1)[0];
    throw new Error(`npm install @northflank/js-client@${CLIENT_VERSION} failed: ${why || 'status ' + npm.status}`);
  }
  return entry;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(devserverPath, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: proc.stdout });
    proc.on('error', reject);
    lines.on('line', (line) => {
      const at = line.indexOf('=');
      if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
      if (line === 'INFISICAL_DEV_READY=1') resolve(proc);
    });
    proc.on('exit', (code) => reject(new Error(`the devserver exited with ${code} before it was ready`)));
  });
}

async function control(path, body) {
  const res = await fetch(env.INFISICAL_API_URL + path, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

async function client(token, opts = {}) {
  const provider = new nf.ApiClientInMemoryContextProvider();
  await provider.addContext({ name: 'devserver', token, host: env.INFISICAL_API_URL });
  return new nf.ApiClient(provider, opts);
}

before(async () => {
  if (!devserverPath || !clientDir) {
    skipReason = 'set DEVSERVER and JS_CLIENT_DIR';
    return;
  }
  try {
    nf = await import(pathToFileURL(installClient()).href);
  } catch (e) {
    skipReason = `cannot use @northflank/js-client: ${e.message}`;
    return;
  }
  server = await startServer();
});

after(() => {
  if (server) server.kill('SIGTERM');
  if (skipReason) {
    console.log(`# SKIP: ${skipReason}`);
    // 77 tells meson (which runs this file with plain `node`) that it was skipped.
    // Under `node --test` the file runs in a child process whose non-zero status
    // would read as a failure, so there the skipped tests speak for themselves.
    if (!process.env.NODE_TEST_CONTEXT) process.exitCode = 77;
  }
});

// Each test skips itself when the client is not there (the reason is printed once).
function clientTest(name, fn) {
  test(name, async (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    await control('/__dev/reset', {});
    await fn(t);
  });
}

clientTest('list.projects follows the cursor', async () => {
  await control('/__dev/northflank/seed', { projects: 5, secretGroups: 1 });
  const api = await client(env.INFISICAL_DEV_NORTHFLANK_TOKEN);
  const first = await api.list.projects({ options: { per_page: 2 } });
  assert.equal(first.error, undefined);
  assert.deepEqual(first.data.projects.map((p) => p.id), ['proj-0001', 'proj-0002']);
  assert.equal(first.pagination.hasNextPage, true);
  assert.equal(first.pagination.count, 2);
  const second = await first.pagination.getNextPage();
  assert.deepEqual(second.data.projects.map((p) => p.id), ['proj-0003', 'proj-0004']);
  const all = await api.list.projects.all({});
  assert.equal(all.data.projects.length, 5);
  for (const p of all.data.projects) {
    assert.equal(typeof p.name, 'string');
    assert.equal(p.uid.length, 24);
  }
});

clientTest('list.secrets gives the groups without values', async () => {
  const api = await client(env.INFISICAL_DEV_NORTHFLANK_TOKEN);
  const res = await api.list.secrets({ parameters: { projectId: 'proj-0001' } });
  assert.equal(res.error, undefined);
  assert.deepEqual(res.data.secrets.map((s) => s.id), ['group-0001', 'group-0002']);
  const g = res.data.secrets[0];
  assert.equal(g.projectId, 'proj-0001');
  assert.deepEqual(g.tags, []);
  assert.equal(g.secretType, 'environment-arguments');
  assert.equal(typeof g.priority, 'number');
  assert.equal(g.secrets, undefined);
});

clientTest('get.secretDetails has every field of GetSecretdetailsResult', async () => {
  const api = await client(env.INFISICAL_DEV_NORTHFLANK_TOKEN);
  const res = await api.get.secretDetails({ parameters: { projectId: 'proj-0001', secretId: 'group-0001' } });
  assert.equal(res.error, undefined);
  const d = res.data;
  for (const key of ['id', 'name', 'tags', 'type', 'secretType', 'projectId', 'priority', 'restrictions',
    'createdAt', 'updatedAt', 'secrets', 'addonSecrets']) {
    assert.ok(key in d, `details lack ${key}`);
  }
  assert.ok(!Number.isNaN(Date.parse(d.createdAt)));
  assert.ok(!Number.isNaN(Date.parse(d.updatedAt)));
  assert.deepEqual(d.addonSecrets, []);
  assert.deepEqual(d.secrets.variables, { GROUP_ID: 'group-0001', LOG_LEVEL: 'info' });
});

clientTest('patch.secret answers the group and replaces the variables', async () => {
  const api = await client(env.INFISICAL_DEV_NORTHFLANK_TOKEN);
  const parameters = { projectId: 'proj-0001', secretId: 'group-0001' };
  const res = await api.patch.secret({ parameters, data: { description: 'patched', secrets: { variables: { A: '1' } } } });
  assert.equal(res.error, undefined);
  assert.equal(res.data.id, 'group-0001');
  assert.equal(res.data.name, 'Secret Group 0001');
  assert.equal(res.data.description, 'patched');
  assert.equal(res.data.secretType, 'environment-arguments');
  assert.equal(typeof res.data.priority, 'number');
  const after = await api.get.secretDetails({ parameters });
  assert.deepEqual(after.data.secrets.variables, { A: '1' });
  assert.ok(Date.parse(after.data.updatedAt) >= Date.parse(after.data.createdAt));
});

clientTest('update.secret is served', async () => {
  const api = await client(env.INFISICAL_DEV_NORTHFLANK_TOKEN);
  const parameters = { projectId: 'proj-0002', secretId: 'group-0003' };
  const res = await api.update.secret({ parameters, data: { priority: 20, secrets: { variables: { B: '2' } } } });
  assert.equal(res.error, undefined);
  assert.equal(res.data.id, 'group-0003');
  const after = await api.get.secretDetails({ parameters });
  assert.equal(after.data.priority, 20);
  assert.deepEqual(after.data.secrets.variables, { B: '2' });
});

clientTest('a refused call comes back as the client\'s ApiCallError', async () => {
  await control('/__dev/northflank/tokens', { token: 'nf-js-list-only', permissions: ['secret-groups:list'] });
  const api = await client('nf-js-list-only');
  const res = await api.get.secretDetails({ parameters: { projectId: 'proj-0001', secretId: 'group-0001' } });
  assert.equal(res.error.status, 403);
  assert.equal(res.error.message, 'Insufficient permissions: secret-groups:read-values');
  const throwing = await client('nf-js-list-only', { throwErrorOnHttpErrorCode: true });
  await assert.rejects(
    () => throwing.update.secret({ parameters: { projectId: 'proj-0001', secretId: 'group-0001' }, data: {} }),
    (e) => e.status === 403 && e.message === 'Insufficient permissions: secret-groups:update',
  );
});
