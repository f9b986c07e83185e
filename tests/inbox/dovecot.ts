// A real Dovecot for the IMAP tests: a throw-away configuration in a temp folder, on free loopback ports, one account.
// Nothing of the system's Dovecot (its configuration, its running instance, port 143) is used or touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from '../support/temp.js';

/** Debian's dovecot-imapd puts it here; DOVECOT_BIN names another. */
export const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'delivery', 'fixtures');
/** The CA (a self-signed certificate for localhost and 127.0.0.1) that the imaps:// listener's certificate is. */
export const TEST_CA_FILE = join(FIXTURES, 'test-only-localhost.cert.pem');
const TEST_KEY_FILE = join(FIXTURES, 'test-only-localhost.key.pem');

export interface Dovecot {
  /** Plain IMAP, STARTTLS offered. */
  port: number;
  /** IMAP over TLS from the first byte, with the certificate of TEST_CA_FILE. */
  tlsPort: number;
  user: string;
  pass: string;
  /** Where Dovecot keeps the mail: for looking, never for writing (fill it over IMAP). */
  maildir: string;
  close(): Promise<void>;
}

/** Who Dovecot runs as: as root, Debian's dovecot/dovenull users (Dovecot refuses mail access as uid 0); else oneself. */
function identity(): { internal: string; group: string; login: string; uid: number; gid: number } {
  const me = userInfo();
  // Unprivileged, Dovecot can hand its sockets only to its own user and group (by name: the built-in group is dovecot's).
  const group = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(me.gid))
    ?.split(':')[0];
  if (me.uid !== 0) return { internal: me.username, group: group ?? me.username, login: me.username, uid: me.uid, gid: me.gid };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('dovecot:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, Dovecot needs its own "dovecot" user (Debian\'s dovecot-core creates it, and "dovenull")');
  return { internal: 'dovecot', group: 'dovecot', login: 'dovenull', uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function configuration(dir: string, ports: { plain: number; tls: number }, who: ReturnType<typeof identity>): string {
  return `# Written by tests/inbox/dovecot.ts for one test file; removed with its folder.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
default_internal_user = ${who.internal}
default_internal_group = ${who.group}
default_login_user = ${who.login}
first_valid_uid = ${who.uid}
first_valid_gid = ${who.gid}
ssl = yes
ssl_cert = <${TEST_CA_FILE}
ssl_key = <${TEST_KEY_FILE}
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/home
}
mail_location = maildir:${dir}/mail
# Throw-away mail: no fsync, so filling a mailbox of hundreds takes a moment, not seconds.
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.plain}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.tls}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

/** Resolves once the port greets with `* OK`; rejects when Dovecot exits first or 15 s pass. */
async function greeted(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Dovecot exited (${child.exitCode ?? child.signalCode}): ${log()}`);
    const greeting = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n')) socket.destroy();
      });
      socket.on('error', () => resolve(''));
      socket.on('close', () => resolve(text));
      socket.setTimeout(2000, () => socket.destroy());
    });
    if (greeting.startsWith('* OK')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Dovecot did not greet on 127.0.0.1:${port} within 15 s: ${log()}`);
}

/** Starts Dovecot with one account (user `tester`, a password with characters that must be percent-encoded in a URL). */
export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is not installed (${DOVECOT}): apt-get install dovecot-imapd`);
  const dir = tempFolder('petition-dovecot-');
  // As root the mail processes run as the dovecot user: it must reach the folder (mkdtemp makes it 0700).
  chmodSync(dir, 0o755);
  const who = identity();
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(dir, sub));
  for (const sub of ['mail', 'home']) if (who.uid !== userInfo().uid) chownSync(join(dir, sub), who.uid, who.gid);
  const user = 'tester';
  const pass = 'Zq7@p%ss/w?rd#x';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}\n`);
  const ports = { plain: await freePort(), tls: await freePort() };
  writeFileSync(join(dir, 'dovecot.conf'), configuration(dir, ports, who));
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const log = (): string => `${output}${existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''}`.trim().slice(-2000);
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await greeted(ports.plain, child, log);
  } catch (error) {
    await close();
    throw error;
  }
  return { port: ports.plain, tlsPort: ports.tls, user, pass, maildir: join(dir, 'mail'), close };
}
