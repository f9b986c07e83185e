// A package registry on loopback, for installing the packed tarball the way a user would (`npm install -g`) without
// the network. It serves exactly the packages package-lock.json pins for production — their metadata from the lock,
// their tarballs from npm's own cache (filled by `npm ci`, checked against the lock's integrity by npm itself).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Version {
  name: string;
  version: string;
  dependencies?: Record<string, string> | undefined;
  optionalDependencies?: Record<string, string> | undefined;
  peerDependencies?: Record<string, string> | undefined;
  dist: { tarball: string; integrity: string };
}

export interface LocalRegistry {
  url: string;
  /** Every package name npm asked for metadata about. */
  requested: Set<string>;
  close: () => Promise<void>;
}

/** The folder npm keeps its cache in (where `npm ci` left the tarballs). */
export function npmCacheFolder(): string {
  return process.env.npm_config_cache || execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
}

/** Where cacache stores content of a given integrity (`sha512-<base64>`). */
function cachedTarball(cache: string, integrity: string): string {
  const [algorithm = '', digest = ''] = integrity.split('-', 2);
  const hex = Buffer.from(digest, 'base64').toString('hex');
  return join(cache, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** Packument data for every production package of the lock; throws naming the first tarball the cache lacks. */
function productionPackages(lockFile: string, cache: string): Map<string, Map<string, { entry: LockEntry; file: string }>> {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const byName = new Map<string, Map<string, { entry: LockEntry; file: string }>>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev || !entry.version || !entry.integrity) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const file = cachedTarball(cache, entry.integrity);
    if (!existsSync(file)) throw new Error(`npm's cache has no tarball for ${name}@${entry.version}: run npm ci first`);
    const versions = byName.get(name) ?? new Map<string, { entry: LockEntry; file: string }>();
    versions.set(entry.version, { entry, file });
    byName.set(name, versions);
  }
  return byName;
}

export async function startLocalRegistry(lockFile: string): Promise<LocalRegistry> {
  const packages = productionPackages(lockFile, npmCacheFolder());
  const requested = new Set<string>();
  let base = '';
  const server: Server = createServer((request, response) => {
    const url = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '');
    const tarball = /^(.+)\/-\/(.+)-(\d[^/]*)\.tgz$/.exec(url);
    if (tarball) {
      const found = packages.get(tarball[1] ?? '')?.get(tarball[3] ?? '');
      if (!found) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(found.file));
      return;
    }
    const versions = packages.get(url);
    if (!versions) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    requested.add(url);
    const tail = url.includes('/') ? url.split('/')[1] : url;
    const list: Record<string, Version> = {};
    for (const [version, { entry }] of versions)
      list[version] = {
        name: url,
        version,
        dependencies: entry.dependencies,
        optionalDependencies: entry.optionalDependencies,
        peerDependencies: entry.peerDependencies,
        dist: { tarball: `${base}${url}/-/${tail}-${version}.tgz`, integrity: entry.integrity ?? '' },
      };
    const latest = [...versions.keys()][0] ?? ''; // the hoisted one: the lock lists it first
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: url, 'dist-tags': { latest }, versions: list }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url: base, requested, close: () => new Promise((done) => server.close(() => done())) };
}
