// node_runner.mjs MODULE.wasm EXPORT N: prints EXPORT(N), like wasmcc build --invoke.
import { readFileSync } from "node:fs";
const [file, name, n] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
console.log(instance.exports[name](Number(n)));
