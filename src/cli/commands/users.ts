import { createInterface } from 'node:readline';
import { resolveActor } from '../../app/remediate.ts';
import { MamoriError } from '../../core/errors.ts';
import { hashPassword, passwordProblem, randomSecret, sha256, TOKEN_PREFIX } from '../../server/auth.ts';
import { deleteUserSessions } from '../../store/console.ts';
import { ROLES, type Role } from '../../store/types.ts';
import { bool, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig } from '../options.ts';
import { openCliStore, STORE_OPTIONS, STORE_USAGE } from '../store.ts';

/** Reads a password from stdin (`--password-stdin`: the first line) or from the terminal without echo. */
async function readPassword(fromStdin: boolean, confirm: boolean): Promise<string> {
  if (fromStdin) {
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  if (!process.stdin.isTTY) throw new MamoriError('USAGE', 'no terminal to ask for the password: pipe it with --password-stdin');
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      const out = rl as unknown as { _writeToOutput: (s: string) => void };
      out._writeToOutput = (s: string) => {
        if (s.startsWith(q)) process.stderr.write(q);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if (confirm && (await ask('Again: ')) !== first) throw new MamoriError('USAGE', 'the passwords differ');
  return first;
}

export const usersCommand: Command = {
  name: 'users',
  usage: `add <name> [--admin | --role viewer|operator|admin] [--password-stdin]
       mamori users list
       mamori users remove <name>
       mamori users passwd <name> [--password-stdin]
       mamori users token <name> [--token-name NAME] [--expires-days N]

The console (mamori serve) has no default user or password: create the first admin with
\`mamori users add --admin <name>\` (the password is asked for, or read from stdin with --password-stdin).
Roles: viewer (reads), operator (approves fixes, runs scans, edits exclusions), admin (users, policy settings).
\`token\` prints a new API token for scripts (Authorization: Bearer ...) once; only its hash is stored.
Run it while the server is stopped when the store is the embedded one (PGlite serves one process).

${STORE_USAGE}`,
  options: {
    ...STORE_OPTIONS,
    ...CONFIG_OPTIONS,
    admin: { type: 'boolean' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'token-name': { type: 'string' },
    'expires-days': { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals, io }) {
    const [sub, name, ...extra] = positionals;
    if (extra.length) throw new MamoriError('USAGE', `unexpected arguments: ${extra.join(' ')}`);
    if (!sub || !['add', 'list', 'remove', 'passwd', 'token'].includes(sub)) throw new MamoriError('USAGE', 'users: expected add, list, remove, passwd or token');
    if (sub !== 'list' && !name) throw new MamoriError('USAGE', `users ${sub} needs a user name`);
    const config = resolveConfig(values, io.env, io.cwd);
    const actor = resolveActor(undefined, io.env);
    if (sub === 'add') {
      const role = (bool(values, 'admin') ? 'admin' : (str(values, 'role') ?? 'viewer')) as Role;
      if (!ROLES.includes(role)) throw new MamoriError('USAGE', `--role expects one of ${ROLES.join(', ')}`);
      if (!/^[A-Za-z0-9._@-]+$/.test(name!)) throw new MamoriError('USAGE', 'a user name may contain letters, digits and . _ @ -');
      const password = await readPassword(bool(values, 'password-stdin'), true);
      const problem = passwordProblem(password);
      if (problem) throw new MamoriError('USAGE', problem);
      const store = await openCliStore(values, io.env, config);
      try {
        const user = await store.createUser({ username: name!, passwordHash: await hashPassword(password), role });
        await store.recordAudit({ actor: `${actor} (cli)`, action: 'user.create', targetType: 'user', targetId: String(user.id), details: { username: user.username, role } });
        io.out(`Added ${role} ${user.username}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    const store = await openCliStore(values, io.env, config);
    try {
      if (sub === 'list') {
        const users = await store.listUsers();
        if (!users.length) io.out('No users yet: mamori users add --admin <name>\n');
        for (const u of users) io.out(`${u.username.padEnd(24)} ${u.role.padEnd(9)} ${u.disabledAt ? 'disabled' : 'active'}  since ${u.createdAt.slice(0, 10)}\n`);
        return 0;
      }
      const user = await store.getUserByUsername(name!);
      if (!user) throw new MamoriError('NOT_FOUND', `no user ${name}`);
      if (sub === 'remove') {
        await store.deleteUser(user.id);
        await store.recordAudit({ actor: `${actor} (cli)`, action: 'user.remove', targetType: 'user', targetId: String(user.id), details: { username: user.username } });
        io.out(`Removed ${user.username}\n`);
      } else if (sub === 'passwd') {
        const password = await readPassword(bool(values, 'password-stdin'), true);
        const problem = passwordProblem(password);
        if (problem) throw new MamoriError('USAGE', problem);
        // Set at the terminal by whoever holds the store: the user's own choice, no further change forced.
        await store.updateUser(user.id, { passwordHash: await hashPassword(password), mustChangePassword: false });
        await deleteUserSessions(store.db, user.id);
        await store.recordAudit({ actor: `${actor} (cli)`, action: 'user.update', targetType: 'user', targetId: String(user.id), details: { password: 'changed' } });
        io.out(`Changed the password of ${user.username} (signed out everywhere)\n`);
      } else {
        const days = str(values, 'expires-days');
        if (days !== undefined && !(Number.isInteger(Number(days)) && Number(days) > 0)) throw new MamoriError('USAGE', '--expires-days expects a positive whole number');
        const secret = randomSecret(TOKEN_PREFIX);
        const token = await store.createApiToken({ userId: user.id, name: str(values, 'token-name') ?? 'cli', tokenHash: sha256(secret), ...(days ? { expiresAt: new Date(Date.now() + Number(days) * 86400_000).toISOString() } : {}) });
        await store.recordAudit({ actor: `${actor} (cli)`, action: 'token.create', targetType: 'token', targetId: String(token.id), details: { user: user.username, name: token.name } });
        io.err(`API token ${token.id} for ${user.username} (${user.role}); shown once:\n`);
        io.out(`${secret}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
