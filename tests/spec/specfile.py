"""Runs one .wast script: convert, compile every module, build and run its driver."""

import dataclasses
import glob
import json
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import cdriver
from plan import ModuleBuild, Outcome, Step, binary_rejections, module_builds, plan_script

TOOL_TIMEOUT = 300  # seconds for one wasmcc or cc run: a safety net against hangs, not a budget
SANITIZER_MARKERS = ("runtime error:", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer")


@dataclass
class Config:
    """What every script needs to know; shared by the worker threads."""
    wasmcc: str
    runtime_lib: str
    cc: str
    cflags: List[str]
    bounds: str                 # "guard" or "check"
    jobs: int
    timeout: float              # seconds for one driver run
    include_dirs: List[str]     # rt/ and tests/spec/
    wasmcc_flags: List[str] = field(default_factory=list)  # e.g. features the suite predates
    converter: List[str] = field(default_factory=lambda: ["wast2json"])  # wabt's, or tools/wast2json
    suite: str = ""             # scripts below it are named by their path in it
    common_objects: List[str] = field(default_factory=list)  # harness.o, spectest.o
    slots: threading.Semaphore = None  # bounds the processes running at once
    exec_wrapper: List[str] = field(default_factory=list)  # e.g. qemu-s390x -L ... (cross runs)

    @property
    def bounds_define(self) -> str:
        return f"-DWASMRT_BOUNDS_CHECK={1 if self.bounds == 'check' else 0}"


@dataclass
class ScriptResult:
    name: str
    outcomes: List[Outcome]
    seconds: float = 0.0


def run_tool(cfg: Config, argv: List[str], cwd: str,
             timeout: float = TOOL_TIMEOUT) -> subprocess.CompletedProcess:
    """Runs argv in one of the cfg.jobs process slots. A timeout comes back as
    returncode None with a note in stderr, never as a hang or an exception."""
    with cfg.slots:
        try:
            return subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout,
                                  errors="replace", stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            stdout = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout
            return subprocess.CompletedProcess(argv, None, stdout or "",
                                               f"timed out after {timeout:g} s")


def describe_exit(proc: subprocess.CompletedProcess) -> str:
    if proc.returncode is None:
        return "timed out"
    if proc.returncode < 0:
        return f"killed by signal {-proc.returncode}"
    return f"exit status {proc.returncode}"


def first_lines(text: str, n: int = 2) -> str:
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    return " | ".join(lines[:n])


def compile_c(cfg: Config, source: str, cwd: str) -> Tuple[Optional[str], str]:
    """Compiles source (relative to cwd) to an object; (object path, error)."""
    obj = os.path.join(cwd, os.path.splitext(os.path.basename(source))[0] + ".o")
    includes = [f"-I{d}" for d in [cwd] + cfg.include_dirs]
    proc = run_tool(cfg, [cfg.cc, *cfg.cflags, cfg.bounds_define, *includes,
                          "-c", source, "-o", obj], cwd)
    if proc.returncode != 0:
        return None, f"cc {source}: {describe_exit(proc)}: {first_lines(proc.stderr, 3)}"
    return obj, ""


def build_module(cfg: Config, build: ModuleBuild, work: str) -> List[str]:
    """wasmcc, then cc on every C file it wrote. Sets build.compiled/error and
    returns the object files."""
    c_file = build.prefix + ".c"
    proc = run_tool(cfg, [cfg.wasmcc, *cfg.wasmcc_flags, "--prefix", build.prefix,
                          f"--bounds={cfg.bounds}", build.wasm, "-o", c_file], work)
    if proc.returncode != 0:
        build.error = f"wasmcc {build.wasm}: {describe_exit(proc)}: {first_lines(proc.stderr)}"
        return []
    sources = [c_file] + sorted(os.path.basename(p) for p in
                                glob.glob(os.path.join(glob.escape(work), build.prefix + ".*.c")))
    objects = []
    for source in sources:
        obj, error = compile_c(cfg, source, work)
        if not obj:
            build.error = error
            return []
        objects.append(obj)
    build.compiled = True
    return objects


def check_rejection(cfg: Config, wasm: str, work: str) -> Tuple[bool, str]:
    """wasmcc must refuse the binary: exit status 1 and a message on stderr."""
    proc = run_tool(cfg, [cfg.wasmcc, *cfg.wasmcc_flags, "--check", wasm], work)
    if proc.returncode == 1 and proc.stderr.strip():
        return True, ""
    if proc.returncode == 0:
        return False, f"wasmcc accepted {wasm}"
    return False, f"wasmcc {wasm}: {describe_exit(proc)}: {first_lines(proc.stderr)}"


def fail_steps(steps: List[Step], detail: str) -> None:
    for step in steps:
        step.outcome.decide(False, detail)


def build_driver(cfg: Config, name: str, builds: List[ModuleBuild], steps: List[Step],
                 ninstances: int, module_objects: List[str], work: str) -> Optional[str]:
    """Writes, compiles and links driver.c; returns the executable or None
    (after failing every step)."""
    with open(os.path.join(work, "driver.c"), "w") as f:
        f.write(cdriver.generate(name, builds, steps, ninstances))
    obj, error = compile_c(cfg, "driver.c", work)
    if not obj:
        fail_steps(steps, "driver: " + error)
        return None
    exe = os.path.join(work, "driver")
    proc = run_tool(cfg, [cfg.cc, *cfg.cflags, obj, *module_objects, *cfg.common_objects,
                          cfg.runtime_lib, "-lm", "-lpthread", "-o", exe], work)
    if proc.returncode != 0:
        fail_steps(steps, f"driver link: {describe_exit(proc)}: {first_lines(proc.stderr, 3)}")
        return None
    return exe


def sanitizer_report(stderr: str) -> Optional[str]:
    for line in stderr.splitlines():
        if any(marker in line for marker in SANITIZER_MARKERS):
            return line.strip()
    return None


def apply_driver_output(steps: List[Step], outcomes: List[Outcome],
                        proc: subprocess.CompletedProcess) -> None:
    """Matches the driver's result lines to its steps, in order. Steps without a
    line failed with the driver's exit; a sanitizer report or an unexpected
    exit after the last step is one more failure of the script."""
    results = [l for l in proc.stdout.splitlines() if l.startswith(("ok ", "FAIL "))]
    for step, line in zip(steps, results):
        word, line_no, *detail = line.split(" ", 2)
        if line_no != str(step.outcome.line):
            step.outcome.decide(False, f"driver protocol error: got {line!r}")
        else:
            step.outcome.decide(word == "ok", detail[0] if detail else "")
    missing = steps[len(results):]
    if missing:
        died = f"driver {describe_exit(proc)}"
        missing[0].outcome.decide(False, f"{died} in this command: {first_lines(proc.stderr, 3)}")
        fail_steps(missing[1:], f"not run: {died} at line {missing[0].outcome.line}")
        return
    report = sanitizer_report(proc.stderr)
    if report or proc.returncode not in (0, 1):
        last_line = steps[-1].outcome.line if steps else 0
        outcomes.append(Outcome(last_line, "driver exit", "fail",
                                f"{describe_exit(proc)}: {report or first_lines(proc.stderr, 3)}"))


def is_threads_proposal(wast: str) -> bool:
    """The proposal's folder, or a script of ours named threads*.wast."""
    return (os.sep + os.path.join("proposals", "threads") + os.sep in os.path.abspath(wast)
            or os.path.basename(wast).startswith("threads"))


def script_config(cfg: Config, wast: str) -> Config:
    """The threads proposal's scripts build on Wasm 1.0, where a second table
    is invalid (imports.wast asserts it)."""
    if is_threads_proposal(wast):
        return dataclasses.replace(cfg, wasmcc_flags=[*cfg.wasmcc_flags, "--disable-multi-table"])
    return cfg


def convert(cfg: Config, wast: str, work: str) -> Tuple[Optional[List[dict]], str]:
    """wast2json: the script's commands, or None and why not."""
    json_path = os.path.join(work, os.path.splitext(os.path.basename(wast))[0] + ".json")
    converter = list(cfg.converter)
    # wabt reads the legacy exception-handling proposal's folder only with it on
    if converter == ["wast2json"] and "exception-handling" in os.path.abspath(wast):
        converter.append("--enable-exceptions")
    # ... and the threads proposal's (shared memories, atomics) likewise
    if converter == ["wast2json"] and is_threads_proposal(wast):
        converter.append("--enable-threads")
        if os.path.basename(wast).startswith("threads64"):  # ours: shared 64-bit memories
            converter.append("--enable-memory64")
    proc = run_tool(cfg, [*converter, os.path.abspath(wast), "-o", json_path], work)
    if proc.returncode != 0:
        return None, f"{describe_exit(proc)}: {first_lines(proc.stderr)}"
    with open(json_path) as f:
        return json.load(f)["commands"], ""


def compile_all(cfg: Config, commands: List[dict], work: str):
    """Runs wasmcc on every binary of the script at once: the modules to build
    (with their objects) and the ones it must reject (with the verdicts)."""
    builds = module_builds(commands)
    to_reject = binary_rejections(commands)
    with ThreadPoolExecutor(max_workers=cfg.jobs) as pool:
        object_futures = [pool.submit(build_module, cfg, b, work) for b in builds.values()]
        reject_futures = {i: pool.submit(check_rejection, cfg, wasm, work)
                          for i, wasm in to_reject.items()}
        objects = [o for future in object_futures for o in future.result()]
        rejections = {i: future.result() for i, future in reject_futures.items()}
    return builds, objects, rejections


def script_name(cfg: Config, wast: str) -> str:
    """simd/simd_lane.wast for a script in a folder of the suite, else its file name."""
    rel = os.path.relpath(os.path.abspath(wast), os.path.abspath(cfg.suite)) if cfg.suite else ".."
    return rel if not rel.startswith("..") else os.path.basename(wast)


def process_script(cfg: Config, wast: str, work: str) -> ScriptResult:
    start = time.monotonic()
    cfg = script_config(cfg, wast)
    name = script_name(cfg, wast)
    os.makedirs(work, exist_ok=True)
    commands, error = convert(cfg, wast, work)
    if commands is None:
        return ScriptResult(name, [Outcome(0, "wast2json", "fail", error)],
                            time.monotonic() - start)

    builds, objects, rejections = compile_all(cfg, commands, work)
    outcomes, steps, ninstances = plan_script(commands, builds, rejections)
    if steps:
        exe = build_driver(cfg, name, list(builds.values()), steps, ninstances, objects, work)
        if exe:
            proc = run_tool(cfg, [*cfg.exec_wrapper, exe], work, timeout=cfg.timeout)
            apply_driver_output(steps, outcomes, proc)
    return ScriptResult(name, outcomes, time.monotonic() - start)
