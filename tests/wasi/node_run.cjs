// node_run.cjs - run a WASI command under node's WASI, the reference the
// native build is compared with. The options the native program takes from
// $WASMCC_RUN_OPTIONS come before `--` here:
//   node node_run.cjs PROG.wasm [--dir HOST::GUEST]... [--env K=V]... -- ARGS...
// ARGS[0] is the guest's program name.
'use strict';
const fs = require('fs');
const { WASI } = require('wasi');

function parse(argv) {
  const opts = { preopens: {}, env: {}, args: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (a === '--dir') {
      const [host, guest] = argv[++i].split('::');
      opts.preopens[guest || host] = host;
    } else if (a === '--env') {
      const kv = argv[++i];
      const eq = kv.indexOf('=');
      opts.env[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else {
      throw new Error('unknown option ' + a);
    }
  }
  opts.args = argv.slice(i);
  return opts;
}

const opts = parse(process.argv.slice(3));
const wasi = new WASI({
  version: 'preview1',
  args: opts.args,
  env: opts.env,
  preopens: opts.preopens,
  returnOnExit: true,
});
const wasm = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
const instance = new WebAssembly.Instance(wasm, wasi.getImportObject());
process.exitCode = wasi.start(instance);
