// Replacing a data folder's content with a restored copy, entry by entry with renames (the copy is a
// sibling folder, so each rename is atomic and instant). The folder itself stays where it is because
// its lock lives inside it: renaming the whole folder away would carry the lock off with it and leave
// the path unlocked for a moment. Any failure puts back what was moved; nothing is deleted here.
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup';

/** A swap that failed and could not be undone either: the message says where everything is. */
export class SwapIncompleteError extends BackupError {}

function moveAll(from: string, to: string, names: string[], moved: string[]): void {
  for (const name of names) {
    fs.renameSync(path.join(from, name), path.join(to, name));
    moved.push(name);
  }
}

function moveBack(from: string, to: string, names: string[]): string[] {
  const stuck: string[] = [];
  for (const name of [...names].reverse()) {
    try {
      fs.renameSync(path.join(from, name), path.join(to, name));
    } catch {
      stuck.push(name);
    }
  }
  return stuck;
}

/**
 * Moves the target's entries (except `keep`) into `previous` (created here), then the staging folder's
 * entries into the target, and removes the then empty staging folder.
 */
export function swapIntoPlace(opts: { target: string; staging: string; previous?: string; keep: string[] }): void {
  const { target, staging, previous } = opts;
  const old = fs.readdirSync(target).filter((n) => !opts.keep.includes(n));
  if (old.length && !previous) throw new BackupError(`目标目录不是空的 / the target folder is not empty: ${target}`);
  const movedOut: string[] = [];
  const movedIn: string[] = [];
  try {
    if (previous) {
      fs.mkdirSync(previous);
      moveAll(target, previous, old, movedOut);
    }
    moveAll(staging, target, fs.readdirSync(staging), movedIn);
  } catch (e) {
    const stuckIn = moveBack(target, staging, movedIn);
    const stuckOut = previous ? moveBack(previous, target, movedOut) : [];
    if (stuckIn.length || stuckOut.length) {
      throw new SwapIncompleteError(
        `替换中断且未能完全还原 / the swap failed and could not be fully undone: ${(e as Error).message}\n` +
        `  原数据 / the old data: ${target}${stuckOut.length ? ` and ${previous}` : ''}\n` +
        `  恢复的数据 / the restored data: ${staging}${stuckIn.length ? ` and ${target}` : ''}\n` +
        '  请勿启动服务，手工把条目移回后再试 / do not start the service: move the entries back by hand, then try again.',
        { cause: e },
      );
    }
    if (previous) {
      try {
        fs.rmdirSync(previous); // empty again; rmdir (not rm -r) so nothing could be lost with it
      } catch {
        // left behind, harmless
      }
    }
    throw new BackupError(`替换失败，已还原 / the swap failed and was undone: ${(e as Error).message}`, { cause: e });
  }
  fs.rmdirSync(staging);
}
