"""Walks the commands of a wast2json script and decides, for each command,
either its outcome right away (n/a, or failed because a module it needs did
not compile) or the driver step that will decide it at run time.

Pure data in, data out: no processes are started here.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

# Commands that carry a binary module wasmcc must compile and the driver links.
MODULE_COMMANDS = ("module", "assert_unlinkable", "assert_uninstantiable")
# Commands whose module wasmcc must reject.
REJECT_COMMANDS = ("assert_malformed", "assert_invalid")
ACTION_COMMANDS = ("action", "assert_return", "assert_trap", "assert_exhaustion", "assert_exception")

# Codes shared with harness.h.
VALTYPES = {"i32": "WASMRT_I32", "i64": "WASMRT_I64", "f32": "WASMRT_F32",
            "f64": "WASMRT_F64", "v128": "WASMRT_V128", "funcref": "WASMRT_FUNCREF",
            "externref": "WASMRT_EXTERNREF", "exnref": "WASMRT_EXNREF",
            "anyref": "WASMRT_ANYREF", "eqref": "WASMRT_EQREF", "i31ref": "WASMRT_I31REF",
            "structref": "WASMRT_STRUCTREF", "arrayref": "WASMRT_ARRAYREF", "nullref": "WASMRT_NULLREF",
            "nullfuncref": "WASMRT_NULLFUNCREF", "nullexternref": "WASMRT_NULLEXTERNREF",
            "nullexnref": "WASMRT_NULLEXNREF"}
# GC: what an expected (ref.i31), (ref.struct), ... without a value matches.
GC_REF_MATCH = {"anyref": "SPEC_REF_NONNULL", "eqref": "SPEC_REF_EQ", "i31ref": "SPEC_REF_I31",
                "structref": "SPEC_REF_STRUCT", "arrayref": "SPEC_REF_ARRAY"}
EXPECT_FOR_COMMAND = {"action": "SPEC_EXPECT_NO_TRAP",
                      "assert_return": "SPEC_EXPECT_RESULTS",
                      "assert_trap": "SPEC_EXPECT_TRAP",
                      "assert_exhaustion": "SPEC_EXPECT_EXHAUSTION",
                      "assert_exception": "SPEC_EXPECT_EXCEPTION"}


class Unsupported(Exception):
    """A value the harness cannot express."""


@dataclass
class Outcome:
    """The verdict on one command of the script."""
    line: int
    command: str
    status: str = "pending"  # "pass", "fail", "n/a" or "pending" (the driver decides)
    detail: str = ""

    def decide(self, passed: bool, detail: str = "") -> None:
        self.status = "pass" if passed else "fail"
        self.detail = detail


@dataclass
class ModuleBuild:
    """One module of the script as wasmcc and the C compiler saw it."""
    index: int             # N of the prefix mN and of the driver's module table
    wasm: str              # file name of the binary, relative to the script's directory
    line: int              # of its command in the .wast
    compiled: bool = False  # wasmcc accepted it and its C compiled
    error: str = ""        # why not, when not

    @property
    def prefix(self) -> str:
        return f"m{self.index}"


@dataclass
class Instance:
    """One instance the script creates: its module and its slot in the
    driver's instance table. A module definition has as many as the script's
    (module instance ...) commands make of it."""
    build: ModuleBuild
    slot: int


@dataclass
class Value:
    """A spec_value: type, how it matches, and its bits."""
    type: str
    match: str
    bits: int = 0
    # v128: lane type (its VALTYPES code), lane width, the lanes' bits and matches
    lane_type: str = ""
    lane_bits: int = 0
    lanes: List[int] = field(default_factory=list)
    lane_matches: List[str] = field(default_factory=list)
    alternatives: List["Value"] = field(default_factory=list)  # SPEC_EITHER


@dataclass
class Step:
    """One spec_step of the driver; outcome is the command it decides."""
    outcome: Outcome
    kind: str
    module: int            # index into the driver's module table
    instance: int          # index into its instance table (unused by SPEC_UNLINKABLE)
    expect: str = "SPEC_EXPECT_NO_TRAP"
    name: Optional[str] = None
    args: List[Value] = field(default_factory=list)
    results: List[Value] = field(default_factory=list)
    trap_text: Optional[str] = None


def module_builds(commands: List[dict]) -> Dict[int, ModuleBuild]:
    """The modules to compile, keyed by the index of their command."""
    builds = {}
    for i, cmd in enumerate(commands):
        if cmd["type"] in MODULE_COMMANDS:
            builds[i] = ModuleBuild(index=len(builds), wasm=cmd["filename"], line=cmd["line"])
    return builds


def binary_rejections(commands: List[dict]) -> Dict[int, str]:
    """The binaries wasmcc must reject, keyed by the index of their command."""
    return {i: cmd["filename"] for i, cmd in enumerate(commands)
            if cmd["type"] in REJECT_COMMANDS and cmd.get("module_type") == "binary"}


LANE_SHAPES = {"i8": ("WASMRT_I32", 8), "i16": ("WASMRT_I32", 16), "i32": ("WASMRT_I32", 32),
               "i64": ("WASMRT_I64", 64), "f32": ("WASMRT_F32", 32), "f64": ("WASMRT_F64", 64)}
NAN_PATTERNS = {"nan:canonical": "SPEC_NAN_CANONICAL", "nan:arithmetic": "SPEC_NAN_ARITHMETIC"}


def parse_v128(v: dict) -> Value:
    """wast2json writes a v128 as its lane type and one decimal per lane
    (the lane's bits, unsigned) or, in float lanes, a NaN pattern."""
    shape = LANE_SHAPES.get(v.get("lane_type", ""))
    lanes = v.get("value")
    if shape is None or not isinstance(lanes, list) or len(lanes) != 128 // shape[1]:
        raise Unsupported(f"malformed v128 value {v!r}")
    lane_type, bits = shape
    matches = [NAN_PATTERNS.get(text, "SPEC_EXACT") for text in lanes]
    values = [0 if m != "SPEC_EXACT" else int(text) & ((1 << bits) - 1) for text, m in zip(lanes, matches)]
    return Value("WASMRT_V128", "SPEC_EXACT", 0, lane_type, bits, values, matches)


def parse_value(v: dict) -> Value:
    t = v["type"]
    if t == "either":
        return Value("0", "SPEC_EITHER", alternatives=[parse_value(a) for a in v["values"]])
    if t == "v128":
        return parse_v128(v)
    if t == "ref" and v.get("value") == "null":
        # (ref.null) without a heap type: a null reference of any type
        return Value("0", "SPEC_EITHER", alternatives=[Value(VALTYPES[r], "SPEC_REF_NULL")
                                                       for r in ("funcref", "externref", "anyref", "exnref")])
    if t not in VALTYPES:
        raise Unsupported(f"{t} values are not supported")
    c_type = VALTYPES[t]
    text = v.get("value")
    if t in GC_REF_MATCH or t.startswith("null") or t == "exnref":
        if text == "null":
            return Value(c_type, "SPEC_REF_NULL")
        if text is None and t in GC_REF_MATCH:
            return Value(c_type, GC_REF_MATCH[t])
        raise Unsupported(f"{t} value {text!r} is not supported")
    if t in ("funcref", "externref"):
        if text is None:
            return Value(c_type, "SPEC_REF_NONNULL")
        if text == "null":
            return Value(c_type, "SPEC_REF_NULL")
        if t == "externref":
            return Value(c_type, "SPEC_REF_HOST", int(text))
        raise Unsupported(f"funcref value {text!r} is not supported")
    if text == "nan:canonical":
        return Value(c_type, "SPEC_NAN_CANONICAL")
    if text == "nan:arithmetic":
        return Value(c_type, "SPEC_NAN_ARITHMETIC")
    return Value(c_type, "SPEC_EXACT", int(text))


class Planner:
    """Tracks the current and named modules while walking the commands."""

    def __init__(self, builds: Dict[int, ModuleBuild], rejections: Dict[int, Tuple[bool, str]]):
        self.builds = builds
        self.rejections = rejections  # command index -> (rejected as required, detail)
        self.current: Optional[Instance] = None
        self.named: Dict[str, Instance] = {}      # $name -> instance
        self.definitions: Dict[str, ModuleBuild] = {}  # $name of a (module definition ...)
        self.ninstances = 0
        self.outcomes: List[Outcome] = []
        self.steps: List[Step] = []

    def walk(self, commands: List[dict]) -> None:
        for i, cmd in enumerate(commands):
            outcome = Outcome(cmd.get("line", 0), cmd["type"])
            self.outcomes.append(outcome)
            self.plan_command(i, cmd, outcome)

    def plan_command(self, i: int, cmd: dict, outcome: Outcome) -> None:
        t = cmd["type"]
        if t == "module" and cmd.get("definition"):
            self.plan_definition(self.builds[i], cmd.get("name"), outcome)
        elif t == "module":
            self.plan_module(self.builds[i], cmd.get("name"), outcome)
        elif t == "module_instance":
            self.plan_module_instance(cmd, outcome)
        elif t in REJECT_COMMANDS:
            self.plan_rejection(i, cmd, outcome)
        elif t == "assert_unlinkable":
            self.add_module_step(self.builds[i], "SPEC_UNLINKABLE", outcome)
        elif t == "assert_uninstantiable":
            # Its instance needs a slot: a trapping instantiation may already
            # have put functions into another instance's table.
            self.add_module_step(self.builds[i], "SPEC_UNINSTANTIABLE", outcome,
                                 self.new_instance(self.builds[i]).slot, trap_text=cmd["text"])
        elif t == "register":
            self.plan_register(cmd, outcome)
        elif t in ACTION_COMMANDS:
            self.plan_action(cmd, outcome)
        else:
            outcome.decide(False, f"unknown command type {t}")

    def new_instance(self, build: ModuleBuild) -> Instance:
        self.ninstances += 1
        return Instance(build, self.ninstances - 1)

    def plan_definition(self, build: ModuleBuild, name: Optional[str], outcome: Outcome) -> None:
        # (module definition ...): must validate and compile; only the
        # (module instance ...) commands naming it instantiate it.
        if name:
            self.definitions[name] = build
        outcome.decide(build.compiled, build.error)

    def plan_module(self, build: ModuleBuild, name: Optional[str], outcome: Outcome) -> None:
        self.make_current(self.new_instance(build), name, outcome)

    def plan_module_instance(self, cmd: dict, outcome: Outcome) -> None:
        build = self.definitions.get(cmd.get("module", ""))
        if build is None:
            outcome.decide(False, f"no module definition {cmd.get('module')}")
            return
        self.make_current(self.new_instance(build), cmd.get("name"), outcome)

    def make_current(self, instance: Instance, name: Optional[str], outcome: Outcome) -> None:
        # A module that failed to compile still becomes the current one, so the
        # commands that use it fail instead of silently using an older module.
        self.current = instance
        if name:
            self.named[name] = instance
        self.add_module_step(instance.build, "SPEC_INSTANTIATE", outcome, instance.slot)

    def add_module_step(self, build: ModuleBuild, kind: str, outcome: Outcome, slot: int = 0,
                        trap_text: Optional[str] = None) -> None:
        if build.compiled:
            self.steps.append(Step(outcome, kind, build.index, slot, trap_text=trap_text))
        else:
            outcome.decide(False, build.error)

    def plan_rejection(self, i: int, cmd: dict, outcome: Outcome) -> None:
        if cmd.get("module_type") != "binary":
            # Text modules are only rejected by a text parser; wasmcc reads binaries.
            outcome.status = "n/a"
            return
        rejected, detail = self.rejections[i]
        outcome.decide(rejected, detail)

    def resolve(self, name: Optional[str], outcome: Outcome) -> Optional[Instance]:
        """The instance a command refers to, if it can run; else decides the outcome."""
        instance = self.named.get(name) if name else self.current
        if instance is None:
            outcome.decide(False, f"no module {name or '(current)'}")
        elif not instance.build.compiled:
            outcome.decide(False, f"module of line {instance.build.line} unavailable")
        else:
            return instance
        return None

    def plan_register(self, cmd: dict, outcome: Outcome) -> None:
        instance = self.resolve(cmd.get("name"), outcome)
        if instance:
            self.steps.append(Step(outcome, "SPEC_REGISTER", instance.build.index, instance.slot,
                                   name=cmd["as"]))

    def plan_action(self, cmd: dict, outcome: Outcome) -> None:
        action = cmd["action"]
        instance = self.resolve(action.get("module"), outcome)
        if not instance:
            return
        kind = {"invoke": "SPEC_INVOKE", "get": "SPEC_GET"}.get(action["type"])
        if kind is None:
            outcome.decide(False, f"unknown action type {action['type']}")
            return
        try:
            args = [parse_value(v) for v in action.get("args", [])]
            # A bare action's "expected" only lists result types: not checked.
            checks_results = cmd["type"] == "assert_return"
            results = [parse_value(v) for v in cmd.get("expected", [])] if checks_results else []
        except Unsupported as e:
            outcome.decide(False, str(e))
            return
        self.steps.append(Step(outcome, kind, instance.build.index, instance.slot,
                               EXPECT_FOR_COMMAND[cmd["type"]],
                               name=action["field"], args=args, results=results,
                               trap_text=cmd.get("text")))


def plan_script(commands: List[dict], builds: Dict[int, ModuleBuild],
                rejections: Dict[int, Tuple[bool, str]]) -> Tuple[List[Outcome], List[Step], int]:
    """One Outcome per command (in order), the driver steps still to run and
    the number of instance slots they use."""
    planner = Planner(builds, rejections)
    planner.walk(commands)
    return planner.outcomes, planner.steps, planner.ninstances
