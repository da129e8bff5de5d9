// Processes a test or benchmark starts on loopback: a free port to give one,
// and a child started and waited for until its output says it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `command` and resolves once its standard output or error matches `listening` (with the match); rejects if it exits first. */
export async function startListening(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; listening: RegExp },
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const found = options.listening.exec(output);
      if (found) resolve(found);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}: ${output.slice(-2000)}`)));
  });
  return { child, match };
}
