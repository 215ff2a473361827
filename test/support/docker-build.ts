/**
 * What `docker build` would do with the repository's Dockerfile, without a Docker engine: parse the
 * Dockerfile into stages, compute the build context as `.dockerignore` leaves it, and assemble
 * each stage's `WORKDIR` in a directory of its own, running its `COPY` and `RUN` instructions.
 * Only what the image's own Dockerfile uses is supported; anything else throws.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

export interface Instruction {
  op: string;
  /** The raw arguments (continuations joined). */
  args: string;
  /** `--name=value` flags of COPY and HEALTHCHECK. */
  flags: Record<string, string>;
  /** Positional arguments: the JSON array of the exec form, or the words of the shell form. */
  words: string[];
  /** True for the exec form (`["node", …]`). */
  exec: boolean;
}

export interface Stage {
  name: string | null;
  base: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, opRaw = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const op = opRaw.toUpperCase();
    if (op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!m) throw new Error(`cannot parse FROM ${rest}`);
      stages.push({ base: m[1] as string, name: m[2] ?? null, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    const flags: Record<string, string> = {};
    let args = rest;
    for (;;) {
      const f = /^--([a-z-]+)=(\S+)\s*/.exec(args);
      if (!f) break;
      flags[f[1] as string] = f[2] as string;
      args = args.slice(f[0].length);
    }
    let words: string[];
    let exec = false;
    const body = op === 'HEALTHCHECK' ? args.replace(/^CMD\s+/, '') : args;
    if (body.startsWith('[')) {
      words = JSON.parse(body) as string[];
      exec = true;
    } else {
      words = body.split(/\s+/).filter((w) => w !== '');
    }
    stage.instructions.push({ op, args, flags, words, exec });
  }
  return stages;
}

/** `.dockerignore` rules, the last matching one winning (Docker's semantics, `**` included). */
export function dockerIgnore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i] as string;
        if (ch === '*' && pattern[i + 1] === '*') {
          re += '.*';
          i += 1;
          if (pattern[i + 1] === '/') i += 1;
        } else if (ch === '*') re += '[^/]*';
        else if (ch === '?') re += '[^/]';
        else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, re: new RegExp(`^${re}$`) };
    });
  return (path: string) => {
    // A path is excluded when it or one of its parent directories matches.
    const parts = path.split('/');
    let ignored = false;
    for (const rule of rules) {
      for (let n = 1; n <= parts.length; n++) {
        if (rule.re.test(parts.slice(0, n).join('/'))) {
          ignored = !rule.negate;
          break;
        }
      }
    }
    return ignored;
  };
}

/** Every file of the build context (paths relative to `root`, `/`-separated). */
export function contextFiles(root: string, ignored: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split('\\').join('/');
      if (ignored(rel)) continue;
      if (entry.isDirectory()) walk(full);
      else out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}

export interface BuildOptions {
  context: string;
  files: string[];
  /** Where the stages' directories go. */
  workDir: string;
  /**
   * Runs a `RUN` command in a stage's directory; may substitute an equivalent (e.g. reuse an
   * installed tree for `npm ci` from the same lockfile). Returns nothing, throws on failure.
   */
  run(command: string, cwd: string, stage: Stage): void;
}

/** Assembles every stage's WORKDIR; returns the directory of each stage by name (and `final`). */
export function buildStages(stages: Stage[], options: BuildOptions): Record<string, string> {
  const dirs: Record<string, string> = {};
  stages.forEach((stage, index) => {
    const dir = join(options.workDir, stage.name ?? `stage${index}`);
    mkdirSync(dir, { recursive: true });
    let workdir: string | null = null;
    for (const ins of stage.instructions) {
      if (ins.op === 'WORKDIR') workdir = ins.words[0] ?? null;
      else if (ins.op === 'COPY') copy(ins, dir, workdir, dirs, options);
      else if (ins.op === 'RUN') options.run(ins.args, dir, stage);
      else if (!['ENV', 'USER', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT', 'LABEL', 'ARG'].includes(ins.op)) {
        throw new Error(`unsupported instruction ${ins.op}`);
      }
    }
    if (stage.name) dirs[stage.name] = dir;
    dirs.final = dir;
  });
  return dirs;
}

function copy(ins: Instruction, dir: string, workdir: string | null, dirs: Record<string, string>, options: BuildOptions): void {
  if (workdir === null) throw new Error('COPY before WORKDIR');
  const sources = ins.words.slice(0, -1);
  const dest = ins.words.at(-1) as string;
  // A file goes to `dest` (into it when `dest` ends with "/"); a directory's contents go into `dest`.
  const fileTarget = (src: string) => (dest.endsWith('/') ? join(dir, dest, posix.basename(src)) : join(dir, dest));
  const from = ins.flags.from;
  for (const src of sources) {
    if (from !== undefined) {
      const stageDir = dirs[from];
      if (!stageDir) throw new Error(`COPY --from=${from}: no such stage`);
      const rel = posix.relative(workdir, src);
      if (rel.startsWith('..')) throw new Error(`COPY --from=${from} ${src}: outside the stage's WORKDIR ${workdir}`);
      const path = join(stageDir, rel);
      if (!existsSync(path)) throw new Error(`COPY --from=${from} ${src}: not in that stage`);
      const isDir = statSync(path).isDirectory();
      const out = isDir ? join(dir, dest) : fileTarget(src);
      mkdirSync(isDir ? out : dirname(out), { recursive: true });
      cpSync(path, out, { recursive: true, dereference: true });
      continue;
    }
    const prefix = posix.normalize(src).replace(/\/$/, '');
    if (options.files.includes(prefix)) {
      const out = fileTarget(src);
      mkdirSync(dirname(out), { recursive: true });
      cpSync(join(options.context, prefix), out);
      continue;
    }
    const matched = options.files.filter((f) => f.startsWith(`${prefix}/`));
    if (matched.length === 0) throw new Error(`COPY ${src}: nothing in the build context`);
    for (const f of matched) {
      const out = join(dir, dest, f.slice(prefix.length + 1));
      mkdirSync(dirname(out), { recursive: true });
      cpSync(join(options.context, f), out);
    }
  }
}

/** Runs a shell command, throwing with its output when it fails. */
export function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    execFileSync('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${command} failed in ${cwd}: ${e.message}\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`, { cause: err });
  }
}

/** Links `node_modules` of `from` into `dir` (an install from the same lockfile). */
export function linkNodeModules(from: string, dir: string): void {
  symlinkSync(join(from, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
