/**
 * The local endpoint in its own process (`mamori sim`), as it would run beside a real scanner, so that the
 * benchmark's SDK work and the endpoint's do not share one event loop (and the endpoint's CPU is not counted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export async function startSimProcess(estate: string, faults: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(import.meta.dirname, '..', 'bin', 'mamori.js');
  const child = spawn(process.execPath, [bin, 'sim', '--port', '0', '--estate', estate, '--faults', faults], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
  });
  return { url, child };
}
