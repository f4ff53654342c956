// node_threads.mjs - the reference host for wasi-threads test programs:
//   node node_threads.mjs PROGRAM.wasm INITIAL_PAGES MAX_PAGES
// Node's WASI has no thread-spawn, so this implements it as wasi-threads
// hosts do: each spawned thread is a worker_thread instantiating the same
// module with the same shared WebAssembly.Memory, calling
// wasi_thread_start(tid, start_arg). Only what the test programs use is
// provided: fd_write and proc_exit (exit codes from the main thread only).
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { readFileSync, writeSync } from 'node:fs';

function imports(memory, module, nextTid) {
  const view = () => new DataView(memory.buffer);
  return {
    env: { memory },
    wasi: {
      'thread-spawn': (arg) => {
        const tid = Atomics.add(nextTid, 0, 1) + 1;
        new Worker(new URL(import.meta.url), { workerData: { module, memory, nextTid, tid, arg } });
        return tid;
      },
    },
    wasi_snapshot_preview1: {
      fd_write: (fd, iovs, n, written) => {
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = view().getUint32(iovs + 8 * i, true), len = view().getUint32(iovs + 8 * i + 4, true);
          total += writeSync(fd, new Uint8Array(memory.buffer, p, len).slice());
        }
        view().setUint32(written, total, true);
        return 0;
      },
      proc_exit: (code) => process.exit(code),
    },
  };
}

if (isMainThread) {
  const [file, initial, maximum] = process.argv.slice(2);
  const module = new WebAssembly.Module(readFileSync(file));
  const memory = new WebAssembly.Memory({ initial: +initial, maximum: +maximum, shared: true });
  const nextTid = new Int32Array(new SharedArrayBuffer(4));
  const instance = new WebAssembly.Instance(module, imports(memory, module, nextTid));
  instance.exports._start();
  process.exit(0); // as wasmtime: the end of _start ends every thread
} else {
  const { module, memory, nextTid, tid, arg } = workerData;
  const instance = new WebAssembly.Instance(module, imports(memory, module, nextTid));
  instance.exports.wasi_thread_start(tid, arg);
}
